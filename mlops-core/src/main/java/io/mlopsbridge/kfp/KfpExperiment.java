package io.mlopsbridge.kfp;

/** {@code v2beta1Experiment}; runs take their namespace from their experiment. */
public record KfpExperiment(String experimentId, String displayName, String namespace) {
}

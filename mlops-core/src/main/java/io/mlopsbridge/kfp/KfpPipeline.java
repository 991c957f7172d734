package io.mlopsbridge.kfp;

/** {@code v2beta1Pipeline}: a named pipeline that holds versions. */
public record KfpPipeline(String pipelineId, String name, String displayName, String namespace, String createdAt) {
}

package io.mlopsbridge.deploy;

import java.util.Objects;

/**
 * The deployment mode an InferenceService will run in, and where that was read, for the build log.
 *
 * @param mode   Knative or Standard
 * @param source the evidence, e.g. "status.deploymentMode of the existing InferenceService"
 */
public record DetectedMode(DeploymentMode mode, String source) {
    public DetectedMode {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return mode + " (" + source + ")";
    }
}

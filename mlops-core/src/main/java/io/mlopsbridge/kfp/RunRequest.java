package io.mlopsbridge.kfp;

import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /apis/v2beta1/runs} for a registered pipeline version. Only input fields exist here, so
 * nothing the server would reject as unknown can be sent.
 *
 * @param displayName  shown in the KFP UI; the client also finds the run by it after an ambiguous network failure
 * @param parameters   runtime parameters already checked against the pipeline's declared types
 * @param pluginsInput e.g. {@code {"mlflow": {"experiment_name": "fraud"}}}, or empty
 */
public record RunRequest(String displayName, String description, String experimentId,
                         PipelineVersionReference pipelineVersionReference, RuntimeConfig runtimeConfig,
                         String serviceAccount, Map<String, Object> pluginsInput) {

    public RunRequest {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(pipelineVersionReference, "pipelineVersionReference");
        runtimeConfig = runtimeConfig == null ? new RuntimeConfig(Map.of(), null) : runtimeConfig;
        pluginsInput = pluginsInput == null ? Map.of() : Map.copyOf(pluginsInput);
    }

    public RunRequest withoutPlugins() {
        return new RunRequest(displayName, description, experimentId, pipelineVersionReference, runtimeConfig,
                serviceAccount, Map.of());
    }

    /** {@code v2beta1PipelineVersionReference}. */
    public record PipelineVersionReference(String pipelineId, String pipelineVersionId) {
    }

    /** {@code v2beta1RuntimeConfig}: parameter values are JSON values (protobuf {@code Value}). */
    public record RuntimeConfig(Map<String, Object> parameters, String pipelineRoot) {
        public RuntimeConfig {
            parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(parameters));
        }
    }
}

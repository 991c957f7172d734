package io.mlopsbridge.mlflow;

/**
 * What MLflow knows about a run apart from its data. {@code artifactUri} is where its artifacts live, e.g.
 * {@code mlflow-artifacts:/1/<run id>/artifacts}; {@code endTime} is null while the run is active.
 */
public record RunInfo(String runId, String experimentId, String runName, String userId, RunStatus status,
                      Long startTime, Long endTime, String artifactUri, String lifecycleStage) {
}

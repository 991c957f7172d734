package io.mlopsbridge.registry;

/**
 * What a new model version is made from: {@code source} is either a run's artifact directory
 * ({@code mlflow-artifacts:/1/<run>/artifacts/model}) or an MLflow 3 logged model ({@code models:/<model id>}, then
 * {@code modelId} is set).
 */
public record ModelSource(String source, String runId, String modelId) {
}

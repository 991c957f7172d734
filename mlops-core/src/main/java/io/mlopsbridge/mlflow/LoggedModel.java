package io.mlopsbridge.mlflow;

import java.util.List;

/**
 * An MLflow 3 logged model: a model entity with its own artifact location
 * ({@code <experiment artifact location>/models/<model id>/artifacts}). Register it with the source
 * {@code models:/<model id>}. {@code status} is {@code LOGGED_MODEL_PENDING}, {@code LOGGED_MODEL_READY} or
 * {@code LOGGED_MODEL_UPLOAD_FAILED}.
 */
public record LoggedModel(String modelId, String experimentId, String name, String artifactUri, String status,
                          String sourceRunId, Long creationTimestampMs, List<Tag> tags) {
    public LoggedModel {
        tags = Tag.orEmpty(tags);
    }

    /** The URI MLflow 3 uses to name this model, {@code models:/<model id>}. */
    public String modelUri() {
        return "models:/" + modelId;
    }
}

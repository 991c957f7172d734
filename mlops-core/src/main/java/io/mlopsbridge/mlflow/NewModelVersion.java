package io.mlopsbridge.mlflow;

import java.util.List;
import java.util.Objects;

/**
 * What {@link MlflowClient#createModelVersion} sends. Build it with {@link #fromRunArtifacts} (MLflow 2 style: a
 * directory of the run's artifacts) or {@link #fromLoggedModel} (MLflow 3: {@code models:/<model id>}); tags are
 * sent in the create request itself so the version never exists without them.
 */
public record NewModelVersion(String name, String source, String runId, String modelId, List<Tag> tags,
                              String description) {
    public NewModelVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        tags = Tag.orEmpty(tags);
    }

    /** A version whose files are the run's artifacts under {@code artifactPath} (e.g. {@code model}). */
    public static NewModelVersion fromRunArtifacts(String name, RunInfo run, String artifactPath) {
        String root = run.artifactUri().endsWith("/") ? run.artifactUri() : run.artifactUri() + "/";
        return new NewModelVersion(name, root + ArtifactLocation.trimSlashes(artifactPath), run.runId(), null,
                List.of(), null);
    }

    /** A version of an MLflow 3 logged model; {@code runId} may be null when the model has no source run. */
    public static NewModelVersion fromLoggedModel(String name, LoggedModel model, String runId) {
        return new NewModelVersion(name, model.modelUri(), runId, model.modelId(), List.of(), null);
    }

    public NewModelVersion withTags(List<Tag> newTags) {
        return new NewModelVersion(name, source, runId, modelId, newTags, description);
    }

    public NewModelVersion withDescription(String text) {
        return new NewModelVersion(name, source, runId, modelId, tags, text);
    }
}

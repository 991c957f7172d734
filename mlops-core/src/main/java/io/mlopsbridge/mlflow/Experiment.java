package io.mlopsbridge.mlflow;

import java.util.List;

/** An MLflow experiment; {@code artifactLocation} is e.g. {@code mlflow-artifacts:/1} on a proxying server. */
public record Experiment(String experimentId, String name, String artifactLocation, String lifecycleStage,
                         List<Tag> tags) {
    public Experiment {
        tags = Tag.orEmpty(tags);
    }
}

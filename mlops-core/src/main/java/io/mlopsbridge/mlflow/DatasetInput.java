package io.mlopsbridge.mlflow;

import java.util.List;

/** A dataset used by a run, with tags such as {@code mlflow.data.context = training}. */
public record DatasetInput(List<Tag> tags, Dataset dataset) {
    public DatasetInput {
        tags = Tag.orEmpty(tags);
    }

    /** The tag MLflow's UI uses to say what the dataset was used for (training, validation, ...). */
    public static final String CONTEXT_TAG = "mlflow.data.context";

    public static DatasetInput of(Dataset dataset, String context) {
        return new DatasetInput(context == null ? List.of() : List.of(new Tag(CONTEXT_TAG, context)), dataset);
    }
}

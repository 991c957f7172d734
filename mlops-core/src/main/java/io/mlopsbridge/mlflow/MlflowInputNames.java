package io.mlopsbridge.mlflow;

import io.mlopsbridge.core.InputName;

/**
 * The inputs every MLflow operation shares, as messages name them: the parameter of every step that talks to MLflow
 * ({@code MlflowStep}) and the option of every command that does.
 */
public final class MlflowInputNames {
    public static final InputName MLFLOW_URL = InputName.of("mlflowUrl", "--tracking-uri");

    private MlflowInputNames() {
    }
}

package io.mlopsbridge.mlflow;

/** Lifecycle of an MLflow run, spelled as the REST API spells it. */
public enum RunStatus {
    RUNNING, SCHEDULED, FINISHED, FAILED, KILLED;

    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == KILLED;
    }
}

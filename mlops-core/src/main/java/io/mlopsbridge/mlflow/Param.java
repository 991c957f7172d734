package io.mlopsbridge.mlflow;

/** A run parameter (MLflow stores parameters as strings and never changes them once logged). */
public record Param(String key, String value) {
}

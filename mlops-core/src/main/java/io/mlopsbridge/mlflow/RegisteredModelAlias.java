package io.mlopsbridge.mlflow;

/** An alias such as {@code champion} and the version it points at. */
public record RegisteredModelAlias(String alias, String version) {
}

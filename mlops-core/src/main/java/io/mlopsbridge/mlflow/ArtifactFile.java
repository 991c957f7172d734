package io.mlopsbridge.mlflow;

/**
 * An entry of an artifact listing. {@code path} is relative to the listed root (for recursive listings, the full
 * relative path such as {@code model/MLmodel}); {@code fileSize} is null for directories.
 */
public record ArtifactFile(String path, boolean isDir, Long fileSize) {
}

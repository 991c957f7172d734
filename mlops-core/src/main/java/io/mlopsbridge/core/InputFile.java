package io.mlopsbridge.core;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file the user names as an input (smoke requests, kubeconfig, CA certificate, pipeline), checked before it is
 * read: one rule and one wording for every such file, so that a directory is reported as a directory instead of
 * as missing.
 */
public final class InputFile {
    private InputFile() {
    }

    /**
     * Returns {@code file} when it is a regular file.
     *
     * @param subject how the error names the file, e.g. {@code "smoke requests: file"}
     * @param hint    what to pass instead
     * @throws MlopsException (input) when the path is a directory or does not exist
     */
    public static Path require(Path file, String subject, String hint) {
        if (Files.isDirectory(file)) {
            throw MlopsException.input(subject + " '" + file + "' is a directory, not a file", hint);
        }
        if (!Files.isRegularFile(file)) {
            throw MlopsException.input(subject + " '" + file + "' does not exist", hint);
        }
        return file;
    }
}

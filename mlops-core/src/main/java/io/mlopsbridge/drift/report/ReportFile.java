package io.mlopsbridge.drift.report;

import io.mlopsbridge.core.IoFailure;
import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a report file whole or not at all (temporary file, then an atomic rename), creating its directory. */
public final class ReportFile {
    private ReportFile() {
    }

    /**
     * Checks, before anything remote is written, that {@code file} can be written: creates its directory, refuses a
     * directory in its place, and writes and removes a probe next to it. An existing report is left as it is.
     */
    public static void requireWritable(Path file, String what) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            if (Files.isDirectory(target)) {
                throw new IOException("it is a directory");
            }
            Files.delete(Files.createTempFile(target.getParent(), "." + target.getFileName(), ".probe"));
        } catch (IOException e) {
            throw MlopsException.input("cannot write " + what + " " + target + ": " + IoFailure.reason(e, target),
                    "choose a writable path");
        }
    }

    public static void write(Path file, String content, String what) {
        Path target = file.toAbsolutePath();
        Path temporary = null;
        try {
            Files.createDirectories(target.getParent());
            // A plain file (not createTempFile, which is owner-only) so the report gets the usual permissions.
            temporary = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // best effort
                }
            }
            throw MlopsException.input("cannot write " + what + " " + target + ": " + IoFailure.reason(e, target),
                    "choose a writable path");
        }
    }
}

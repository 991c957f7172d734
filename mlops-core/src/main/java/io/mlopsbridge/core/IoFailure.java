package io.mlopsbridge.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Why a file could not be read or written, in words. {@code java.nio.file} exceptions often carry only a path as
 * their message ({@code NoSuchFileException: /proc/x}), which an error line would print as the bare path.
 */
public final class IoFailure {
    private IoFailure() {
    }

    /**
     * E.g. {@code it does not exist}, {@code /tmp/out exists and is not a directory}, {@code permission denied};
     * {@code subject}, the file the message is about, is called "it", any other file is named.
     */
    public static String reason(IOException e, Path subject) {
        if (e instanceof FileSystemException f) {
            // A move names its source as the file and the failing target as the other file: when the target is
            // the subject, the reason is about it, and the source (a temporary file) means nothing to the user.
            String file = isSubject(f.getOtherFile(), subject) || isSubject(f.getFile(), subject) ? "it"
                    : f.getFile();
            if (e instanceof NoSuchFileException) {
                return file == null ? "no such file or directory" : file + " does not exist";
            }
            if (e instanceof FileAlreadyExistsException) {
                // What creating the directories of a path throws when a file stands where a directory must be.
                return file == null ? "a file is in the way" : file + " exists and is not a directory";
            }
            if (e instanceof NotDirectoryException) {
                return file == null ? "not a directory" : file + " is not a directory";
            }
            if (e instanceof AccessDeniedException) {
                return "permission denied" + (file == null || file.equals("it") ? "" : " on " + file);
            }
            if (f.getReason() != null) {
                return OneLine.of(f.getReason()).toLowerCase(java.util.Locale.ROOT)
                        + (file == null || file.equals("it") ? "" : " (" + file + ")");
            }
        }
        return e.getMessage() == null ? "input/output error" : OneLine.of(e.getMessage());
    }

    private static boolean isSubject(String file, Path subject) {
        return file != null && subject != null && Path.of(file).toAbsolutePath().equals(subject.toAbsolutePath());
    }
}

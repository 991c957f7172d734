package io.mlopsbridge.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The interpreter a script's {@code #!} line names, read as the Linux kernel reads it. */
final class Shebang {
    /** The kernel reads no more of the first line than this (BINPRM_BUF_SIZE). */
    private static final int FIRST_LINE_LIMIT = 256;

    private Shebang() {
    }

    /** The interpreter's path as written, or null when the file has no {@code #!} line or cannot be read. */
    static String interpreterOf(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(FIRST_LINE_LIMIT);
        } catch (IOException | SecurityException unreadable) {
            return null;
        }
        if (head.length < 2 || head[0] != '#' || head[1] != '!') {
            return null;
        }
        String line = new String(head, 2, head.length - 2, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        String[] words = line.strip().split("[ \\t]+", 2);
        return words[0].isEmpty() ? null : words[0];
    }
}

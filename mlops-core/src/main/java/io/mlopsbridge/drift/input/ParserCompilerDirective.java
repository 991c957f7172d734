package io.mlopsbridge.drift.input;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Keeps the category lookup ({@link CategoryInterner#slotOf}) out of line in the CSV parser's compiled loop, by a
 * HotSpot compiler directive added once per JVM before a large read.
 *
 * <p>Why: whether C2 inlines the lookup into {@link CsvChunkParser#parse} depends on which of the two its compiler
 * thread happens to take first (a lookup compiled first is "already compiled into a big method" and stays a call).
 * Inlined, the parser's loop runs 5–10 % slower on the same file (benchmarks.md, tenth and eleventh rounds), so one
 * read of a large file took 6.1 s and the next 6.9 s. The directive makes the faster shape the only one. It touches
 * nothing but compilations of the parser's own methods, and only their inlining of this one method.
 *
 * <p>It is added through the platform's DiagnosticCommand MBean (what {@code jcmd Compiler.directives_add} does),
 * because a Jenkins agent or a user's JVM cannot be given command-line options by this library. Starting the MBean
 * server costs about 0.1 s, so only reads of at least {@link #LARGE_READ_BYTES} ask for it. On a JVM without the
 * command (not HotSpot) nothing happens: the answers are the same either way, only the speed differs.
 */
final class ParserCompilerDirective {
    /** Reads this large or larger install the directive (0.1 s against a read of about 0.25 s or more). */
    static final long LARGE_READ_BYTES = 64L << 20;

    static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";
    private static final Object LOCK = new Object();
    private static boolean attempted;

    private ParserCompilerDirective() {
    }

    /** Adds the directive for a read of {@code bytes}, at most once per JVM; never fails the read. */
    static void beforeRead(long bytes) {
        if (bytes < LARGE_READ_BYTES) {
            return;
        }
        synchronized (LOCK) {
            if (attempted) {
                return;
            }
            attempted = true;
            try {
                add();
            } catch (IOException | JMException | RuntimeException e) {
                // Only the speed of this JVM's reads depends on it (see the class comment).
            }
        }
    }

    /** The directive, in HotSpot's compiler directives format (JSON with unquoted keys allowed). */
    static String text() {
        return "[{ match: \"" + internalName(CsvChunkParser.class) + ".*\", c2: { inline: \"-"
                + internalName(CategoryInterner.class) + ".slotOf\" } }]";
    }

    private static void add() throws IOException, JMException {
        // The command reads a file; it is gone before this returns.
        Path file = Files.createTempFile("mlops-parser-directive", ".json");
        try {
            Files.writeString(file, text(), StandardCharsets.UTF_8);
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(DIAGNOSTIC_COMMAND), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String internalName(Class<?> type) {
        return type.getName().replace('.', '/');
    }
}

package io.mlopsbridge.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real {@code mlops} command line as a child process (its own JVM, its own signal handling), so a test can
 * send it SIGINT or SIGTERM the way a terminal or a CI system does and read what it printed.
 */
final class CliProcess implements AutoCloseable {
    private final Process process;
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final StringBuilder stdout = new StringBuilder();
    private final Thread[] readers;

    private CliProcess(Process process) {
        this.process = process;
        this.readers = new Thread[] {read(process.getErrorStream(), stderr::add), read(process.getInputStream(),
                line -> {
                    synchronized (stdout) {
                        stdout.append(line).append('\n');
                    }
                })};
    }

    static CliProcess start(Map<String, String> env, String... args) {
        return startIn(null, env, args);
    }

    /** Starts it in {@code directory} (null: this JVM's), where relative paths in its arguments resolve. */
    static CliProcess startIn(Path directory, Map<String, String> env, String... args) {
        return startMain(MlopsCommand.class, directory, env, args);
    }

    /** Starts {@code main} (the CLI's, or a test's that runs the CLI with a hook) with this JVM's class path. */
    static CliProcess startMain(Class<?> main, Path directory, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(env);
        try {
            return new CliProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Blocks until the command printed a line on stderr matching {@code wanted} (or exited, which fails). */
    String awaitLine(Predicate<String> wanted) throws InterruptedException {
        while (true) {
            for (String line : stderr) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("mlops exited with " + process.exitValue() + " before the line came:\n"
                        + String.join("\n", stderr));
            }
            Thread.sleep(20);
        }
    }

    /** Sends a signal by name ({@code INT}, {@code TERM}) as {@code kill -s} does. */
    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-s", name, String.valueOf(process.pid())).inheritIO().start().waitFor();
    }

    /** Waits for the exit and the end of its output; returns the exit code. */
    int awaitExit() throws InterruptedException {
        return awaitExit(Duration.ofMinutes(3));
    }

    /** As {@link #awaitExit()}, failing when the command has not exited within {@code bound}. */
    int awaitExit(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("mlops did not exit within " + bound.toSeconds() + " s:\n"
                    + String.join("\n", stderr));
        }
        for (Thread reader : readers) {
            reader.join(5_000);
        }
        return process.exitValue();
    }

    List<String> stderrLines() {
        return List.copyOf(stderr);
    }

    String stdout() {
        synchronized (stdout) {
            return stdout.toString();
        }
    }

    /** The lines starting with {@code aborted:}; an abort must print exactly one. */
    List<String> abortedLines() {
        return stderr.stream().filter(l -> l.startsWith("aborted: ")).toList();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static Thread read(java.io.InputStream stream, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "mlops-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}

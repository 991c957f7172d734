package io.mlopsbridge.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/** One run of the {@code mlops} command line in-process, with its own environment and captured output. */
record CliRun(int exitCode, String stdout, String stderr) {

    static CliRun run(Map<String, String> env, String... args) {
        return run(env, UnaryOperator.identity(), args);
    }

    /** Runs the command line after {@code change} (e.g. an added subcommand) with the captured streams. */
    static CliRun run(Map<String, String> env, UnaryOperator<CommandLine> change, String... args) {
        return run(env, change, stderrSoFar -> { }, args);
    }

    /**
     * Runs the command line, handing {@code onStderr} all of stderr so far after each write to it: a test acts at a
     * point of the command's progress (what another process could do at that moment) without waiting or sleeping.
     */
    static CliRun runWatchingStderr(Map<String, String> env, Consumer<String> onStderr, String... args) {
        return run(env, UnaryOperator.identity(), onStderr, args);
    }

    private static CliRun run(Map<String, String> env, UnaryOperator<CommandLine> change, Consumer<String> onStderr,
                              String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputStream watchedErr = new OutputStream() {
            @Override
            public void write(int b) {
                err.write(b);
                onStderr.accept(err.toString(StandardCharsets.UTF_8));
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                err.write(bytes, offset, length);
                onStderr.accept(err.toString(StandardCharsets.UTF_8));
            }
        };
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(watchedErr, true, StandardCharsets.UTF_8)) {
            CommandLine cli = change.apply(MlopsCommand.commandLine(new CliContext(env, o, e)));
            // picocli hands writers to the subcommands that exist when they are set: set them again after a change.
            code = cli.setOut(new PrintWriter(o, true)).setErr(new PrintWriter(e, true)).execute(args);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** stdout and stderr together, for "appears nowhere" checks. */
    String allOutput() {
        return stdout + "\n" + stderr;
    }
}

package io.mlopsbridge.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/** One run of the {@code mlops} command line in-process, with its own environment and captured output. */
record CliRun(int exitCode, String stdout, String stderr) {

    static CliRun run(Map<String, String> env, String... args) {
        return run(env, UnaryOperator.identity(), args);
    }

    /** Runs the command line after {@code change} (e.g. an added subcommand) with the captured streams. */
    static CliRun run(Map<String, String> env, UnaryOperator<CommandLine> change, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
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

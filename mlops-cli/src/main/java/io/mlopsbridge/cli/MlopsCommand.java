package io.mlopsbridge.cli;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/mlops}. Each operation is a subcommand class of its own. */
@Command(name = "mlops",
        mixinStandardHelpOptions = true,
        versionProvider = MlopsCommand.Version.class,
        description = "Registers, gates, promotes, trains, deploys and checks drift of ML models from any CI system.",
        subcommands = {
            CommandLine.HelpCommand.class,
            RegisterCommand.class,
            PromoteCommand.class,
            RollbackCommand.class,
            GateCommand.class,
            DeployCommand.class,
            TrainCommand.class,
            DriftCommand.class,
        },
        footer = {"", "Exit codes: 0 ok, 1 gate or drift verdict failed, 2 usage or input error, 3 remote system error,",
            "130/143 aborted by SIGINT/SIGTERM (what was started is cleaned up first)."})
public final class MlopsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private CliContext context = CliContext.system();

    public static void main(String[] args) {
        CliContext context = CliContext.system();
        SignalCancellation.install(context.cancellation());
        System.exit(commandLine(context).execute(args));
    }

    /** Runs the CLI and returns its exit code; tests call this instead of {@link #main}. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** Runs the CLI with the given environment and output streams (tests use it to set MLFLOW_* variables). */
    static int execute(CliContext context, String... args) {
        return commandLine(context).execute(args);
    }

    static CommandLine commandLine() {
        return commandLine(CliContext.system());
    }

    static CommandLine commandLine(CliContext context) {
        MlopsCommand root = new MlopsCommand();
        root.context = context;
        CommandLine cli = new CommandLine(root);
        cli.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(context.out(),
                java.nio.charset.StandardCharsets.UTF_8), true));
        cli.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(context.err(),
                java.nio.charset.StandardCharsets.UTF_8), true));
        cli.setExitCodeExceptionMapper(e -> exitCodeOf(e, context));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            printError(commandLine.getErr(), e, context.masker());
            return exitCodeOf(e, context);
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: " + e.getMessage());
            failed.getErr().println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.USAGE;
        });
        return cli;
    }

    /** The error on one line, then the hint (which may show the input with a caret) indented below it. */
    private static void printError(java.io.PrintWriter err, Exception e, io.mlopsbridge.log.SecretMasker masker) {
        if (e instanceof MlopsException m && m.kind() == ErrorKind.ABORTED) {
            err.println("aborted: " + masker.mask(m.getMessage())); // one line: what was cancelled and cleaned up
            return;
        }
        if (e instanceof MlopsException m) {
            err.println("error: " + masker.mask(m.getMessage()));
            m.hint().ifPresent(hint -> hint.lines().forEach(line -> err.println("  " + masker.mask(line))));
            return;
        }
        // An unexpected failure is a bug on our side; the one-line message still avoids a stack trace.
        err.println("error: unexpected " + e.getClass().getSimpleName() + ": " + masker.mask(e.getMessage()));
    }

    private static int exitCodeOf(Throwable e, CliContext context) {
        if (e instanceof MlopsException m && m.kind() == ErrorKind.ABORTED) {
            return SignalCancellation.exitCode(context.cancellation().reason().orElse(""));
        }
        if (e instanceof MlopsException m) {
            return m.kind() == ErrorKind.INPUT ? ExitCode.USAGE : ExitCode.REMOTE;
        }
        return ExitCode.REMOTE;
    }

    /** The environment, streams and masked log that subcommands run with. */
    CliContext context() {
        return context;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MlopsCommand.class.getPackage().getImplementationVersion();
            return new String[] {"mlops " + (version == null ? "development build" : version)};
        }
    }
}

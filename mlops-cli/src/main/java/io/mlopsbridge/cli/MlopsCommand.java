package io.mlopsbridge.cli;

import java.util.List;
import java.util.concurrent.Callable;
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
        footer = {"", "Exit codes: 0 ok, 1 gate or drift verdict failed, 2 usage or input error, 3 remote system error"
                + " (or remote work that failed or timed out), 4 internal error (a bug: please report it), 5 another"
                + " build moved the same alias at the same moment, 130/143 aborted by SIGINT/SIGTERM (what was"
                + " started is cleaned up first).",
            "With --json every ending prints one JSON object on stdout (docs/cli-results.md)."})
public final class MlopsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = Invocation.DEBUG_OPTION, scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, also print the stack trace (for a bug report); or set "
                    + Invocation.DEBUG_ENV + "=1.")
    boolean debug;

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
        EndingPrinter endings = new EndingPrinter(context);
        // Results and endings go to picocli's writers (which wrap the context's streams unless a caller replaced
        // them), so that stdout carries exactly one JSON object however the command ends.
        cli.setExecutionStrategy(parseResult -> {
            int exitCode = new CommandLine.RunLast().execute(parseResult);
            context.printKeptResult(parseResult.commandSpec().commandLine().getOut());
            return exitCode;
        });
        cli.setExecutionExceptionHandler((e, failed, parseResult) -> endings.print(e,
                Invocation.of(parseResult, context.env()), failed.getOut(), failed.getErr()));
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            return endings.print(CommandLineError.of(e), Invocation.ofUnparsed(failed, List.of(args), context.env()),
                    failed.getOut(), failed.getErr());
        });
        return cli;
    }

    /** The environment, streams and masked log that subcommands run with. */
    CliContext context() {
        return context;
    }

    /** {@code mlops} alone is a usage error: the usage goes to stderr, as every error does, and it exits 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MlopsCommand.class.getPackage().getImplementationVersion();
            return new String[] {"mlops " + (version == null ? "development build" : version)};
        }
    }
}

package io.mlopsbridge.cli;

import io.mlopsbridge.registry.AliasMove;
import io.mlopsbridge.registry.PromoteRequest;
import io.mlopsbridge.registry.RollbackModel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "rollback", sortOptions = false,
        description = "Points an alias (default: champion) back at the version the last 'mlops promote' replaced, as"
                + " remembered in alias previous-<alias>. Running it again changes nothing.",
        footer = {"", "Example:", "  mlops rollback --model fraud-detector",
            "", "Exit codes: 0 rolled back (or already there), 2 input error, 3 MLflow error, 5 another build moved the"
                    + " alias at the same moment (nothing of this run left), 130/143 aborted before anything was written."})
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @ParentCommand
    MlopsCommand parent;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Registered model name.")
    String model;

    @Option(names = "--alias", paramLabel = "ALIAS", defaultValue = PromoteRequest.DEFAULT_ALIAS,
            description = "Alias to roll back (default: ${DEFAULT-VALUE}).")
    String alias;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Mixin
    MlflowOptions mlflowOptions;

    @Mixin
    BuildOptions buildOptions;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        AliasMove move = new RollbackModel(context.mlflow(mlflowOptions.trackingUri), context.log())
                .rollback(model, alias, buildOptions.resolve(context.env()), context.cancellation());
        context.printResult(json, PromoteCommand.toJson(move), PromoteCommand.plain(move));
        return ExitCode.OK;
    }
}

package io.mlopsbridge.cli;

import io.mlopsbridge.registry.AliasMove;
import io.mlopsbridge.registry.PromoteModel;
import io.mlopsbridge.registry.PromoteRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "promote", sortOptions = false,
        description = "Moves an alias (default: champion) to a model version. The previous holder is kept as alias"
                + " previous-<alias> (what 'mlops rollback' restores) and named in the tag mlops.promoted_from;"
                + " who, when and which build promoted are tagged too. Versions whose gate rejected them are"
                + " refused.",
        footer = {"", "Examples:",
            "  mlops promote --model fraud-detector --version 7",
            "  mlops promote --model fraud-detector --from-alias candidate",
            "", "Exit codes: 0 promoted (or already there), 2 input error, 3 MLflow error, 5 another build moved the"
                    + " alias at the same moment (nothing of this run left), 130/143 aborted before anything was written."})
final class PromoteCommand implements Callable<Integer> {
    @ParentCommand
    MlopsCommand parent;

    @Mixin
    HelpOption help;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Registered model name.")
    String model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--version", paramLabel = "N", description = "Version to promote.")
        String version;

        @Option(names = "--from-alias", paramLabel = "ALIAS",
                description = "Promote the version holding this alias, e.g. candidate.")
        String fromAlias;
    }

    @Option(names = "--alias", paramLabel = "ALIAS", defaultValue = PromoteRequest.DEFAULT_ALIAS,
            description = "Alias to move (default: ${DEFAULT-VALUE}); not a previous-<alias>, which promote keeps for"
                    + " rollback.")
    String alias;

    @Option(names = "--allow-rejected", description = "Promote even a version whose gate verdict is rejected.")
    boolean allowRejected;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Mixin
    MlflowOptions mlflowOptions;

    @Mixin
    BuildOptions buildOptions;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        PromoteRequest request = new PromoteRequest(model, target.version, target.fromAlias, alias, allowRejected,
                buildOptions.resolve(context.env()));
        AliasMove move = new PromoteModel(context.mlflow(mlflowOptions.trackingUri), context.log())
                .promote(request, context.cancellation());
        context.printResult(json, toJson(move), plain(move));
        return ExitCode.OK;
    }

    static String plain(AliasMove move) {
        return move.modelName() + "@" + move.alias() + " -> version " + move.version()
                + (move.previousVersion() == null ? "" : " (previous: version " + move.previousVersion() + ")")
                + (move.changed() ? "" : " (unchanged)");
    }

    static Map<String, Object> toJson(AliasMove move) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", move.modelName());
        json.put("alias", move.alias());
        json.put("version", move.version());
        json.put("previous_version", move.previousVersion());
        json.put("previous_alias", move.previousAlias());
        json.put("changed", move.changed());
        return json;
    }
}

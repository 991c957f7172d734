package io.mlopsbridge.cli;

import io.mlopsbridge.core.DurationText;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.registry.RegisterModel;
import io.mlopsbridge.registry.RegisterRequest;
import io.mlopsbridge.registry.RegisterResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "register", sortOptions = false,
        description = "Registers a training run's model in the MLflow model registry: creates or reuses the registered"
                + " model, creates a version tagged with the build's lineage, waits until it is READY, evaluates"
                + " the gate over the run's metrics (and the champion's), and sets an alias only when the gate"
                + " passes.%n%nRegistering again from the same build (same --ci-job and --build-number) reuses its"
                + " version.",
        footer = {"", "Example:",
            "  mlops register --model fraud-detector --run-id 5f1c0a... \\",
            "      --gate 'auc >= 0.92 && auc >= champion.auc - 0.005 && latency_p95_ms <= 50'",
            "", "Exit codes: 0 registered (gate passed), 1 registered but gate failed, 2 input error, 3 MLflow error"
                    + " (or the gate report not written once the version existed), 130/143 aborted (SIGINT/SIGTERM;"
                    + " the alias not moved)."})
final class RegisterCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @ParentCommand
    MlopsCommand parent;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Registered model name.")
    String model;

    @Option(names = "--run-id", required = true, paramLabel = "ID", description = "MLflow run that trained the model.")
    String runId;

    @Option(names = "--artifact-path", paramLabel = "PATH", defaultValue = RegisterRequest.DEFAULT_ARTIFACT_PATH,
            description = "Model directory among the run's artifacts, or name of the run's logged model "
                    + "(default: ${DEFAULT-VALUE}).")
    String artifactPath;

    @Option(names = "--model-uri", paramLabel = "URI",
            description = "Register an MLflow 3 logged model, models:/<model id>, instead of --artifact-path.")
    String modelUri;

    @Option(names = "--gate", paramLabel = "EXPR",
            description = "Gate over the run's metrics, e.g. 'auc >= 0.92 && auc >= champion.auc - 0.005'.")
    String gate;

    @Option(names = "--champion-alias", paramLabel = "ALIAS", defaultValue = "champion",
            description = "Alias whose version champion.<metric> refers to (default: ${DEFAULT-VALUE}).")
    String championAlias;

    @Option(names = "--alias", paramLabel = "ALIAS", defaultValue = RegisterRequest.DEFAULT_ALIAS_ON_PASS,
            description = "Alias set on the new version when the gate passes (default: ${DEFAULT-VALUE}); not a"
                    + " previous-<alias>, which promote keeps for rollback.")
    String alias;

    @Option(names = "--no-alias", description = "Set no alias, even when the gate passes (not with --alias).")
    boolean noAlias;

    @Option(names = "--release", paramLabel = "VERSION",
            description = "Release version for code and model (default: <build number>-<short sha>, else a UTC "
                    + "timestamp).")
    String release;

    @Option(names = "--dataset-digest", paramLabel = "NAME=DIGEST",
            description = "Digest of a dataset the model was trained on, tagged mlops.dataset.<NAME>.digest; NAME as"
                    + " a tag key allows (at most 229 characters); repeatable, each NAME once.")
    Map<String, String> datasetDigests = new LinkedHashMap<>();

    @Option(names = "--tag", paramLabel = "KEY=VALUE",
            description = "Your own tag on the new version (not under mlops. or mlflow.); repeatable, each KEY once."
                    + " Keys as MLflow"
                    + " allows them: at most 250 letters, digits, _ - . : / and spaces, no empty or . or .. part"
                    + " between slashes; values at most 5000 characters.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--ready-timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "How long to wait for the version to become READY, e.g. 90s, 5m, 1h; a plain number is"
                    + " seconds (default: ${DEFAULT-VALUE}).")
    String readyTimeout;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "Write the gate report (gate-report.json and gate-report.md) here.")
    Path reportDir;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Mixin
    MlflowOptions mlflowOptions;

    @Mixin
    BuildOptions buildOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        Duration ready = DurationText.parse(readyTimeout, "--ready-timeout");
        // Checked here, not by picocli: --alias has a default, so only the parse result knows it was typed.
        if (noAlias && spec.commandLine().getParseResult().hasMatchedOption("--alias")) {
            throw MlopsException.input("--alias " + alias + " and --no-alias contradict each other",
                    "keep --alias to set it on the new version when the gate passes, or --no-alias to set none");
        }
        RepeatedKey.refuse(spec.commandLine().getParseResult(), "--tag");
        RepeatedKey.refuse(spec.commandLine().getParseResult(), "--dataset-digest");
        EmptyOption.refuse(release, "--release",
                "give the release version, e.g. --release 1.4.0, or leave --release out to derive it from the build");
        RegisterRequest request = RegisterRequest.of(model, runId)
                .withArtifactPath(artifactPath)
                .withModelUri(modelUri)
                .withGate(gate)
                .withChampionAlias(championAlias)
                .withAliasOnPass(noAlias ? null : alias)
                .withReleaseVersion(release)
                .withBuild(buildOptions.resolve(context.env()))
                .withDatasetDigests(datasetDigests)
                .withTags(tags)
                .withReadyTimeout(ready)
                .withReportDirectory(reportDir);
        RegisterResult result = new RegisterModel(context.mlflow(mlflowOptions.trackingUri), context.log())
                .register(request, context.cancellation());
        context.printResult(json, toJson(result), plain(result));
        return result.passed() ? ExitCode.OK : ExitCode.VERDICT_FAILED;
    }

    private static String plain(RegisterResult r) {
        return r.modelName() + " version " + r.version() + " (release " + r.release() + ")"
                + (r.verdict() == null ? "" : ": " + r.verdict().summary())
                + (r.aliasSet() == null ? "" : "; alias " + r.aliasSet());
    }

    static Map<String, Object> toJson(RegisterResult r) {
        return r.toJson();
    }
}

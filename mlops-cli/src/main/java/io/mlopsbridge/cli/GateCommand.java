package io.mlopsbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.gate.Gate;
import io.mlopsbridge.gate.GateExpression;
import io.mlopsbridge.gate.GateReportFiles;
import io.mlopsbridge.gate.GateReportWriter;
import io.mlopsbridge.gate.GateVerdict;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.registry.ChampionMetrics;
import io.mlopsbridge.registry.MetricsFile;
import io.mlopsbridge.registry.RegistryNames;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "gate", sortOptions = false,
        description = "Evaluates a gate expression over metrics from a JSON file or an MLflow run, without"
                + " registering. champion.<metric> reads the metrics of the version holding the champion alias of"
                + " --model (or those in --champion-metrics-file); with no champion yet, champion comparisons pass"
                + " and say so.%n%nGrammar: || && ! < <= > >= == != + - * / ( ), numbers, metric names,"
                + " `quoted-names`, champion.<name>.",
        footer = {"", "Examples:",
            "  mlops gate --expression 'auc >= 0.92 && latency_p95_ms <= 50' --metrics-file metrics.json",
            "  mlops gate --expression 'auc >= champion.auc - 0.005' --run-id 5f1c0a... --model fraud-detector",
            "", "Exit codes: 0 gate passed, 1 gate failed, 2 input error, 3 MLflow error, 130/143 aborted"
                    + " (SIGINT/SIGTERM; no verdict, no report)."})
final class GateCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @ParentCommand
    MlopsCommand parent;

    @Option(names = {"--expression", "--gate"}, required = true, paramLabel = "EXPR", description = "The gate.")
    String expression;

    @ArgGroup(exclusive = true, multiplicity = "1")
    MetricsSource metrics;

    static final class MetricsSource {
        @Option(names = "--metrics-file", paramLabel = "FILE",
                description = "JSON object of metric values, e.g. {\"auc\": 0.93}; each metric once, each a finite"
                        + " number.")
        Path file;

        @Option(names = "--run-id", paramLabel = "ID", description = "Take the metrics of this MLflow run.")
        String runId;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ChampionSource champion;

    static final class ChampionSource {
        @Option(names = "--champion-metrics-file", paramLabel = "FILE",
                description = "The champion's metrics (as --metrics-file).")
        Path file;

        @Option(names = "--model", paramLabel = "NAME",
                description = "Registered model whose champion alias names the champion.")
        String model;
    }

    @Option(names = "--champion-alias", paramLabel = "ALIAS", defaultValue = Gate.DEFAULT_CHAMPION_ALIAS,
            description = "Alias naming the champion (default: ${DEFAULT-VALUE}).")
    String championAlias;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "Write gate-report.json and gate-report.md here.")
    Path reportDir;

    @Option(names = "--json", description = "Print the verdict as JSON on stdout.")
    boolean json;

    @Mixin
    MlflowOptions mlflowOptions;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        GateExpression parsed = GateExpression.parse(expression);
        Gate gate = Gate.withDefaults().withChampionAlias(RegistryNames.requireAlias(championAlias,
                "champion alias"));
        if (metrics.runId != null) {
            RegistryNames.requireRunId(metrics.runId);
        }
        if (reportDir != null) {
            GateReportWriter.requireWritableDirectory(reportDir); // before MLflow is asked, as in register
        }
        // Only reads: Ctrl-C or SIGTERM cuts a read in flight off, and the gate ends without a verdict or report.
        Cancellation cancellation = context.cancellation();
        MlflowClient mlflow = needsMlflow() ? context.mlflow(mlflowOptions.trackingUri).cancelledBy(cancellation)
                : null;
        Map<String, Double> values = cancellation.abortingOnCancel(() -> metrics.file != null
                ? MetricsFile.read(metrics.file)
                : mlflow.findRun(metrics.runId).orElseThrow(() -> MlopsException.input(
                        "run " + metrics.runId + " not found on MLflow at " + mlflow.config().displayUri(),
                        "check the run id")).data().metricValues());
        Optional<Map<String, Double>> championValues = Optional.empty();
        if (champion != null && champion.file != null) {
            championValues = Optional.of(MetricsFile.read(champion.file));
        } else if (champion != null && parsed.readsChampion()) {
            championValues = cancellation.abortingOnCancel(() -> championMetrics(mlflow, context.log()));
        } else if (parsed.readsChampion()) {
            context.log().warn("no --model or --champion-metrics-file given: evaluating without a champion");
        }
        cancellation.throwIfCancelled();

        GateVerdict verdict = gate.evaluate(parsed, values, championValues);
        context.log().info(verdict.summary());
        if (reportDir != null) {
            GateReportFiles files = GateReportWriter.writeTo(reportDir, verdict);
            context.log().info("Gate report: " + files.json() + ", " + files.markdown());
        }
        context.printResult(json, verdictJson(verdict), verdict.summary());
        return verdict.passed() ? ExitCode.OK : ExitCode.VERDICT_FAILED;
    }

    /** The metrics of the version holding the champion alias of --model, if there is one. */
    private Optional<Map<String, Double>> championMetrics(MlflowClient mlflow, BuildLog log) {
        String name = RegistryNames.requireModelName(champion.model);
        return ChampionMetrics.lookupForGate(mlflow, name, mlflow.findRegisteredModel(name), championAlias, log)
                .map(ChampionMetrics::metrics);
    }

    private boolean needsMlflow() {
        return metrics.runId != null || (champion != null && champion.model != null);
    }

    /** The verdict's own JSON (the gate report format) as a tree, to embed in other results. */
    static JsonNode verdictJson(GateVerdict verdict) {
        return CliContext.jsonTree(verdict.toJson());
    }
}

package io.mlopsbridge.registry;

import static io.mlopsbridge.registry.RegistryInputNames.CHAMPION_ALIAS;
import static io.mlopsbridge.registry.RegistryInputNames.MODEL;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.RegisteredModel;
import io.mlopsbridge.mlflow.Run;
import java.util.Map;
import java.util.Optional;

/**
 * The champion a gate compares against: the version holding the champion alias, and its training run's metrics.
 *
 * @param version the champion's version number
 * @param runId   its training run
 * @param metrics that run's latest metric values
 */
public record ChampionMetrics(String version, String runId, Map<String, Double> metrics) {

    public ChampionMetrics {
        metrics = Map.copyOf(metrics);
    }

    /**
     * The champion a gate's champion clauses compare against: the holder of {@code alias} on the registered model
     * {@code modelName}, as already looked up ({@code model}). With none, champion clauses pass (a first release has
     * no champion), and so would they with a mistyped --model or --champion-alias: the warning says which of the two
     * was not found.
     */
    public static Optional<ChampionMetrics> lookupForGate(MlflowClient mlflow, String modelName,
                                                          Optional<RegisteredModel> model, String alias, BuildLog log) {
        if (model.isEmpty()) {
            log.warn("registered model '" + modelName + "' does not exist on MLflow at "
                    + mlflow.config().displayUri() + ", so there is no champion and the champion clauses passed"
                    + " (check " + MODEL + " if one was expected)");
            return Optional.empty();
        }
        Optional<ChampionMetrics> found = lookup(mlflow, model.get(), alias);
        if (found.isEmpty()) {
            log.warn("no version of " + modelName + " holds alias '" + alias + "', so there is no champion and the"
                    + " champion clauses passed (check " + CHAMPION_ALIAS + " if one was expected)");
        }
        return found;
    }

    /** The current holder of {@code alias} on an already fetched registered model. */
    public static Optional<ChampionMetrics> lookup(MlflowClient mlflow, RegisteredModel model, String alias) {
        Optional<String> version = model.aliasVersion(alias);
        if (version.isEmpty()) {
            return Optional.empty();
        }
        String modelName = model.name();
        ModelVersion champion = mlflow.getModelVersion(modelName, version.get());
        if (champion.runId() == null || champion.runId().isEmpty()) {
            throw MlopsException.input("champion " + modelName + "@" + alias + " (version " + champion.version()
                    + ") has no training run, so its metrics are unknown",
                    "compare against fixed thresholds instead of champion.<metric>, or move the alias");
        }
        Run run = mlflow.findRun(champion.runId()).orElseThrow(() -> MlopsException.input(
                "the run " + champion.runId() + " of champion " + modelName + "@" + alias + " (version "
                        + champion.version() + ") no longer exists", "restore the run or move the alias"));
        return Optional.of(new ChampionMetrics(champion.version(), run.runId(), run.data().metricValues()));
    }
}

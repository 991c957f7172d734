package io.mlopsbridge.train;

import io.mlopsbridge.mlflow.MlflowConfig;
import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An MLflow run opened by {@link LocalTraining#open} for training code that runs elsewhere (a Jenkins block's
 * {@code sh} steps) and closed by {@link LocalTraining#close}. Ids only: it is persisted with the build.
 *
 * @param runId          the MLflow run
 * @param experimentId   its experiment
 * @param releaseVersion the release being trained, or null
 */
public record OpenTrainingRun(String runId, String experimentId, String releaseVersion) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The variable that gives the training code its release, and the CLI its default release. */
    public static final String RELEASE_VERSION_ENV = "MLOPS_RELEASE_VERSION";

    public OpenTrainingRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(experimentId, "experimentId");
    }

    /**
     * What the training code needs to log into this run: {@code MLFLOW_RUN_ID} (so {@code mlflow.start_run()}
     * resumes it), {@code MLFLOW_EXPERIMENT_ID}, the tracking URI and credential variables of {@code config}, and
     * {@code MLOPS_RELEASE_VERSION} when there is one. Holds secrets: callers pass it as masked environment only.
     */
    public Map<String, String> environment(MlflowConfig config) {
        Map<String, String> env = new LinkedHashMap<>(config.toEnvironment());
        env.put("MLFLOW_RUN_ID", runId);
        env.put("MLFLOW_EXPERIMENT_ID", experimentId);
        if (releaseVersion != null) {
            env.put(RELEASE_VERSION_ENV, releaseVersion);
        }
        return env;
    }
}

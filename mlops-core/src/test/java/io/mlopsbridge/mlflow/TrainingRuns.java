package io.mlopsbridge.mlflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Makes training runs for tests the way a training job would leave them: a finished run with metrics and a model
 * directory (with an {@code MLmodel} file) among its artifacts, created through {@link MlflowClient}.
 */
public final class TrainingRuns {
    private final MlflowClient mlflow;
    private final String experimentId;

    public TrainingRuns(MlflowClient mlflow) {
        this.mlflow = mlflow;
        this.experimentId = mlflow.getOrCreateExperiment("training-" + shortId()).experimentId();
    }

    public static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A unique registered-model name for one test. */
    public static String modelName(String prefix) {
        return prefix + "-" + shortId();
    }

    /** A finished run with {@code metrics} and a small model under artifact path {@code model}. */
    public Run finishedRun(Map<String, Double> metrics) {
        Run run = mlflow.createRun(experimentId, "train", List.of(new Tag("mlflow.source.name", "train.py")));
        mlflow.logMetrics(run.runId(), metrics);
        Path dir;
        try {
            dir = Files.createTempDirectory("model");
            Files.writeString(dir.resolve("MLmodel"), String.join("\n",
                    "artifact_path: model",
                    "flavors:",
                    "  python_function:",
                    "    loader_module: mlflow.sklearn",
                    "    model_path: model.pkl",
                    "    python_version: 3.11.2",
                    "  sklearn:",
                    "    pickled_model: model.pkl",
                    "    sklearn_version: 1.5.2",
                    "run_id: " + run.runId(),
                    ""));
            Files.write(dir.resolve("model.pkl"), new byte[] {(byte) 0x80, 4, 0x4e, 0x2e});
            mlflow.uploadArtifacts(run.info().artifactUri(), "model", dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        mlflow.endRun(run.runId(), RunStatus.FINISHED);
        return mlflow.getRun(run.runId());
    }

    /**
     * A finished run with {@code metrics} whose model is an MLflow 3 logged model named {@code model}, as
     * {@code mlflow.sklearn.log_model(model, name="model")} leaves it: the files live under the logged model, not
     * among the run's artifacts.
     */
    public Run finishedRunWithLoggedModel(Map<String, Double> metrics) {
        Run run = mlflow.createRun(experimentId, "train", List.of(new Tag("mlflow.source.name", "train.py")));
        mlflow.logMetrics(run.runId(), metrics);
        LoggedModel logged = mlflow.createLoggedModel(experimentId, "model", run.runId(), List.of());
        try {
            Path dir = Files.createTempDirectory("logged-model");
            Files.writeString(dir.resolve("MLmodel"), "artifact_path: model\nflavors: {}\nrun_id: " + run.runId()
                    + "\n");
            mlflow.uploadArtifacts(logged.artifactUri(), "", dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        mlflow.finalizeLoggedModel(logged.modelId(), true);
        mlflow.endRun(run.runId(), RunStatus.FINISHED);
        return mlflow.getRun(run.runId());
    }

    public String experimentId() {
        return experimentId;
    }
}

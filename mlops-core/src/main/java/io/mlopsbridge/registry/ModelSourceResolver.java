package io.mlopsbridge.registry;

import static io.mlopsbridge.registry.RegistryInputNames.ARTIFACT_PATH;
import static io.mlopsbridge.registry.RegistryInputNames.MODEL_URI;
import static io.mlopsbridge.registry.RegistryInputNames.RUN_ID;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.mlflow.ArtifactFile;
import io.mlopsbridge.mlflow.LoggedModel;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowErrorCode;
import io.mlopsbridge.mlflow.Run;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the model files to register, as MLflow's Python {@code register_model} does: a {@code models:/<model id>}
 * URI names a logged model; otherwise the run's artifacts under the artifact path are used when they hold an
 * {@code MLmodel} file, else the run's logged model of that name (MLflow 3's {@code log_model(name=...)} stores
 * models there, not under the run).
 */
final class ModelSourceResolver {
    private static final String MLMODEL = "MLmodel";

    private final MlflowClient mlflow;

    ModelSourceResolver(MlflowClient mlflow) {
        this.mlflow = mlflow;
    }

    ModelSource resolve(Run run, String artifactPath, String modelUri) {
        if (modelUri != null) {
            return fromModelUri(run, modelUri);
        }
        String path = artifactPath == null || artifactPath.isBlank() ? "model" : artifactPath.strip();
        if (hasMlmodel(run, path)) {
            String root = run.info().artifactUri();
            return new ModelSource((root.endsWith("/") ? root : root + "/") + path, run.runId(), null);
        }
        List<LoggedModel> logged = mlflow.searchLoggedModels(List.of(run.info().experimentId()),
                        "name = '" + path.replace("'", "\\'") + "'").stream()
                .filter(m -> run.runId().equals(m.sourceRunId()))
                .toList();
        return logged.stream()
                .max(Comparator.comparing(m -> m.creationTimestampMs() == null ? 0L : m.creationTimestampMs()))
                .map(m -> new ModelSource(m.modelUri(), run.runId(), m.modelId()))
                .orElseThrow(() -> MlopsException.input("run " + run.runId() + " has no model at '" + path
                                + "': no MLmodel file among its artifacts and no logged model of that name",
                        "give the artifact path or logged model name the training used (" + ARTIFACT_PATH + "), or "
                                + MODEL_URI + " models:/<model id>"));
    }

    private boolean hasMlmodel(Run run, String path) {
        try {
            return mlflow.listArtifacts(run.info().artifactUri(), path, false).stream()
                    .map(ArtifactFile::path).anyMatch(MLMODEL::equals);
        } catch (MlopsException e) {
            if (MlflowErrorCode.isNotFound(e)) {
                return false;
            }
            throw e;
        }
    }

    private ModelSource fromModelUri(Run run, String modelUri) {
        String prefix = "models:/";
        String id = modelUri.startsWith(prefix) ? modelUri.substring(prefix.length()) : "";
        if (!id.matches("m-[0-9a-f]{32}")) {
            throw MlopsException.input("model URI '" + modelUri + "' does not name an MLflow 3 logged model",
                    "use models:/<model id> as printed by log_model, e.g. models:/m-0a1b2c...");
        }
        LoggedModel model = mlflow.findLoggedModel(id).orElseThrow(() -> MlopsException.input(
                "logged model " + id + " not found on MLflow at " + mlflow.config().displayUri(),
                "check the model id printed by log_model"));
        if (model.sourceRunId() != null && !model.sourceRunId().isEmpty()
                && !model.sourceRunId().equals(run.runId())) {
            throw MlopsException.input("logged model " + id + " was logged by run " + model.sourceRunId()
                    + ", not by run " + run.runId(), "pass the run that logged the model as " + RUN_ID);
        }
        return new ModelSource(model.modelUri(), run.runId(), model.modelId());
    }
}

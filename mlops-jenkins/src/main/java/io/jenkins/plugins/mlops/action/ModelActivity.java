package io.jenkins.plugins.mlops.action;

import hudson.model.Run;
import io.jenkins.plugins.mlops.fingerprint.ModelFingerprints;
import io.jenkins.plugins.mlops.fingerprint.ModelUse;
import io.mlopsbridge.deploy.DeployResult;
import io.mlopsbridge.deploy.RolloutResult;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.lineage.ModelIdentity;
import io.mlopsbridge.registry.RegisterResult;
import io.mlopsbridge.train.TrainingResult;
import java.io.IOException;

/**
 * Where a step (Pipeline or Freestyle) reports what it did, once it has its engine result: into the build's
 * {@link MlopsRunAction} and onto the model version's fingerprint. {@code mlflowUi} is the registry's display
 * address ({@code MlflowConfig.displayUri()}), the one the model identity is made from.
 */
public final class ModelActivity {
    private ModelActivity() {
    }

    public static void registered(Run<?, ?> run, RegisterResult result, String mlflowUi) throws IOException {
        MlopsRunAction.of(run).registered(result, mlflowUi);
        String identity = result.modelIdentity();
        ModelFingerprints.record(run, identity, result.modelName(), result.version(), ModelUse.REGISTERED,
                result.reused() ? "found again (same run and build)" : "from run " + result.runId());
        if (result.gateVerdict().isPresent()) {
            ModelFingerprints.record(run, identity, result.modelName(), result.version(), ModelUse.GATED,
                    result.gateVerdict().get().summary());
        }
        if (result.aliasSet() != null) {
            ModelFingerprints.record(run, identity, result.modelName(), result.version(), ModelUse.PROMOTED,
                    "alias " + result.aliasSet());
        }
    }

    public static void trained(Run<?, ?> run, TrainingResult result, String mlflowUi) throws IOException {
        MlopsRunAction.of(run).trained(result, mlflowUi);
    }

    public static void deployed(Run<?, ?> run, DeployResult result, String mlflowUi) throws IOException {
        MlopsRunAction.of(run).deployed(result, mlflowUi);
        String identity = ModelIdentity.of(mlflowUi, result.modelName(), result.version()).hex();
        RolloutResult rollout = result.rollout();
        String where = rollout == null ? "(dry run)" : "to " + rollout.target().toString().toLowerCase(java.util.Locale.ROOT)
                + " " + rollout.namespace() + "/" + rollout.name()
                + (rollout.canaryPercent() == null ? "" : ", canary " + rollout.canaryPercent() + "%")
                + ": " + rollout.outcome();
        ModelFingerprints.record(run, identity, result.modelName(), result.version(), ModelUse.DEPLOYED,
                result.dryRun() ? "(dry run)" : where);
        if (result.aliasMove() != null && result.aliasMove().changed()) {
            ModelFingerprints.record(run, identity, result.modelName(), result.version(), ModelUse.PROMOTED,
                    "alias " + result.aliasMove().alias());
        }
    }

    /**
     * A drift check; {@code model} and {@code version} name the model version it watched (null when it named none),
     * {@code htmlReport} the report's file name in the build's drift folder (or null).
     */
    public static void driftChecked(Run<?, ?> run, String id, DriftResult result, String htmlReport, String mlflowUi,
                                    String model, String version) throws IOException {
        MlopsRunAction.of(run).driftChecked(id, result, htmlReport);
        if (model != null && version != null) {
            ModelFingerprints.record(run, ModelIdentity.of(mlflowUi, model, version).hex(), model, version,
                    ModelUse.DRIFT_CHECKED, result.summary());
        }
    }
}

package io.jenkins.plugins.mlops.action;

import hudson.FilePath;
import hudson.model.DirectoryBrowserSupport;
import hudson.model.Run;
import io.mlopsbridge.deploy.DeployResult;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.lineage.ModelIdentity;
import io.mlopsbridge.registry.RegisterResult;
import io.mlopsbridge.train.TrainingResult;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.RunAction2;

/**
 * What the MLOps steps of one build did, Pipeline or Freestyle alike: the release version, the models with their
 * gates and alias moves, the training runs, the deployments and the drift checks. Persisted with the build by
 * XStream, so its fields are plain values and lists of them; the run is a transient back-reference. It never holds
 * a secret: the engine's results it is made from carry none, and links are built from the registry's display URL.
 */
public final class MlopsRunAction implements RunAction2 {
    private String releaseVersion;
    private final List<ModelRecord> models = new ArrayList<>();
    private final List<TrainingRecord> trainings = new ArrayList<>();
    private final List<DeploymentRecord> deployments = new ArrayList<>();
    private final List<DriftRecord> driftChecks = new ArrayList<>();
    private transient Run<?, ?> run;

    /** The build's action, added on first use. */
    public static synchronized MlopsRunAction of(Run<?, ?> run) {
        MlopsRunAction action = run.getAction(MlopsRunAction.class);
        if (action == null) {
            action = new MlopsRunAction();
            run.addAction(action);
            action.onAttached(run);
        }
        return action;
    }

    /** Where the build keeps its drift checks' HTML reports, one folder per check id; served by {@link #doDrift}. */
    public static File driftFolder(Run<?, ?> run) {
        return new File(new File(run.getRootDir(), "mlops"), "drift");
    }

    // ---- recording, one method per step kind; each saves the build so the record survives a restart

    /** {@code mlflowUi} is the MLflow server's address as shown to users (no credentials). */
    public synchronized ModelRecord registered(RegisterResult result, String mlflowUi) throws IOException {
        release(result.release());
        ModelRecord model = model(result.modelName(), result.version(), result.modelIdentity(), mlflowUi);
        result.gateVerdict().ifPresent(model::gate);
        if (result.aliasSet() != null) {
            model.aliasMoved(result.aliasSet(), null);
        }
        save();
        return model;
    }

    public synchronized TrainingRecord trained(TrainingResult result, String mlflowUi) throws IOException {
        release(result.releaseVersion());
        TrainingRecord training = new TrainingRecord(result, result.mlflowRunId() == null || mlflowUi == null ? null
                : MlflowLinks.run(mlflowUi, result.mlflowExperimentId(), result.mlflowRunId()));
        trainings.add(training);
        save();
        return training;
    }

    public synchronized DeploymentRecord deployed(DeployResult result, String mlflowUi) throws IOException {
        release(result.releaseVersion());
        ModelRecord model = model(result.modelName(), result.version(),
                ModelIdentity.of(mlflowUi, result.modelName(), result.version()).hex(), mlflowUi);
        if (result.aliasMove() != null && result.aliasMove().changed()) {
            model.aliasMoved(result.aliasMove().alias(), result.aliasMove().previousVersion());
        }
        DeploymentRecord deployment = new DeploymentRecord(result);
        deployments.add(deployment);
        save();
        return deployment;
    }

    /**
     * A drift check; {@code htmlReport} is the report's file name in the build's {@code mlops/drift/<id>/} folder, or
     * null. The id names the check among this build's checks.
     */
    public synchronized DriftRecord driftChecked(String id, DriftResult result, String htmlReport)
            throws IOException {
        DriftRecord drift = new DriftRecord(id, result, htmlReport);
        driftChecks.removeIf(d -> d.getId().equals(id));
        driftChecks.add(drift);
        save();
        return drift;
    }

    private ModelRecord model(String name, String version, String identity, String mlflowUi) {
        for (ModelRecord m : models) {
            if (m.is(name, version)) {
                return m;
            }
        }
        ModelRecord m = new ModelRecord(name, version, identity, MlflowLinks.version(mlflowUi, name, version));
        models.add(m);
        return m;
    }

    private void release(String version) {
        if (releaseVersion == null && version != null) {
            releaseVersion = version;
        }
    }

    private void save() throws IOException {
        if (run != null) {
            run.save();
        }
    }

    // ---- what the views read

    public String getReleaseVersion() {
        return releaseVersion;
    }

    public List<ModelRecord> getModels() {
        return List.copyOf(models);
    }

    public List<TrainingRecord> getTrainings() {
        return List.copyOf(trainings);
    }

    public List<DeploymentRecord> getDeployments() {
        return List.copyOf(deployments);
    }

    public List<DriftRecord> getDriftChecks() {
        return List.copyOf(driftChecks);
    }

    /** One line for the build's main page: e.g. {@code fraud-detector v7 (gate passed), deployed to kserve}. */
    public String getHeadline() {
        List<String> parts = new ArrayList<>();
        for (ModelRecord m : models) {
            parts.add(m.getName() + " v" + m.getVersion()
                    + (m.getGateSummary() == null ? "" : m.isGatePassed() ? " (gate passed)" : " (gate failed)"));
        }
        for (DeploymentRecord d : deployments) {
            parts.add((d.isSucceeded() ? "deployed to " : "deployment failed on ") + d.getTarget());
        }
        for (DriftRecord d : driftChecks) {
            parts.add(d.isDrifted() ? "drift in " + d.getDriftedColumns().size() + " of " + d.getColumnCount()
                    + " columns" : "no drift");
        }
        for (TrainingRecord t : trainings) {
            parts.add("training " + t.getStatus());
        }
        return String.join(", ", parts);
    }

    /**
     * Serves the drift reports kept with the build at {@code <build>/mlops/drift/<id>/<report>.html} (a listing at
     * {@code mlops/drift/}). Jenkins' own file server: it sends its Content-Security-Policy, or serves through the
     * resource root URL when one is configured, which the reports render under (stylesheet beside them, no script).
     */
    public DirectoryBrowserSupport doDrift() {
        return new DirectoryBrowserSupport(this, new FilePath(driftFolder(run)), "Drift reports", "document.png",
                true);
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "document.png";
    }

    @Override
    public String getDisplayName() {
        return "MLOps record";
    }

    @Override
    public String getUrlName() {
        return "mlops";
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }
}

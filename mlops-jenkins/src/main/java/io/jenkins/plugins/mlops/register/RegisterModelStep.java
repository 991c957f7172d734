package io.jenkins.plugins.mlops.register;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.jenkins.plugins.mlops.MlflowStep;
import io.jenkins.plugins.mlops.MlflowStepDescriptor;
import io.jenkins.plugins.mlops.StepArguments;
import io.jenkins.plugins.mlops.config.JobForms;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code registerModel(model: 'fraud', runId: env.RUN_ID, gate: 'auc >= 0.9')}: registers a run's model with the
 * build's lineage, evaluates the gate, sets the candidate alias when it passes, and returns the CLI's
 * {@code mlops register --json} result as a map.
 */
public final class RegisterModelStep extends MlflowStep {
    static final long DEFAULT_READY_TIMEOUT_SECONDS = 300;
    private static final String REPORT_DIR_EXAMPLE = "reportDir: 'reports/gate'";

    private final String model;
    private final String runId;
    private String gate;
    private String alias;
    private boolean noAlias;
    private String championAlias;
    private String releaseVersion;
    private String artifactPath;
    private String modelUri;
    private Map<String, String> datasets;
    private Map<String, String> tags;
    /** The form's advised and the binding's enforced upper bound of readyTimeout: a day. */
    static final int MAX_READY_TIMEOUT = 86_400;

    private long readyTimeout = DEFAULT_READY_TIMEOUT_SECONDS;
    private boolean unstableOnGateFailure;
    private String reportDir;

    @DataBoundConstructor
    public RegisterModelStep(String model, String runId) {
        this.model = StepArguments.required(model, "model", "registerModel(model: 'fraud-detector', runId: ...)");
        this.runId = StepArguments.required(runId, "runId", "registerModel(model: ..., runId: env.MLFLOW_RUN_ID)");
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RegisterModelExecution(context, this);
    }

    public String getModel() {
        return model;
    }

    public String getRunId() {
        return runId;
    }

    public String getGate() {
        return gate;
    }

    @DataBoundSetter
    public void setGate(String gate) {
        this.gate = StepArguments.optional(gate);
    }

    /** Alias set on the new version when the gate passes; default the global candidate alias. */
    public String getAlias() {
        return alias;
    }

    @DataBoundSetter
    public void setAlias(String alias) {
        this.alias = StepArguments.optional(alias);
    }

    /** Set no alias, even when the gate passes (the CLI's {@code --no-alias}). */
    public boolean isNoAlias() {
        return noAlias;
    }

    @DataBoundSetter
    public void setNoAlias(boolean noAlias) {
        this.noAlias = noAlias;
    }

    public String getChampionAlias() {
        return championAlias;
    }

    @DataBoundSetter
    public void setChampionAlias(String championAlias) {
        this.championAlias = StepArguments.optional(championAlias);
    }

    public String getReleaseVersion() {
        return releaseVersion;
    }

    @DataBoundSetter
    public void setReleaseVersion(String releaseVersion) {
        this.releaseVersion = StepArguments.releaseVersion(releaseVersion);
    }

    public String getArtifactPath() {
        return artifactPath;
    }

    @DataBoundSetter
    public void setArtifactPath(String artifactPath) {
        this.artifactPath = StepArguments.optional(artifactPath);
    }

    public String getModelUri() {
        return modelUri;
    }

    @DataBoundSetter
    public void setModelUri(String modelUri) {
        this.modelUri = StepArguments.optional(modelUri);
    }

    /** Dataset name → content digest, recorded as tags (the CLI's {@code --dataset-digest}). */
    public Map<String, String> getDatasets() {
        return datasets;
    }

    @DataBoundSetter
    public void setDatasets(Map<String, String> datasets) {
        this.datasets = datasets == null ? null : asText(datasets, "datasets");
    }

    /** The user's own tags for the new version, e.g. {@code [team: 'fraud', ticket: 'ML-412']}. */
    public Map<String, String> getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTags(Map<String, String> tags) {
        this.tags = tags == null ? null : asText(tags, "tags");
    }

    /**
     * A Groovy map literal may hold numbers ([epochs: 30]) whatever the declared type: tags and digests are text.
     * Nulls (an unset variable) stay null, and a null key becomes empty, for the engine to refuse with a one-line
     * message naming the entry; {@code Map.copyOf} would throw a bare NullPointerException at binding instead.
     */
    private static Map<String, String> asText(Map<String, String> entries, String name) {
        Map<String, String> text = new TreeMap<>();
        Map<String, Object> givenAs = new HashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) entries).entrySet()) {
            String key = entry.getKey() == null ? "" : entry.getKey().toString();
            Object earlier = givenAs.putIfAbsent(key, entry.getKey());
            if (earlier != null) {
                // [(1): 'a', '1': 'b'] are two keys to Groovy but one to MLflow: one value would be lost.
                throw new IllegalArgumentException(name + ": " + key + " is given twice (as " + literal(earlier)
                        + " and " + literal(entry.getKey()) + "); give each key once");
            }
            text.put(key, entry.getValue() == null ? null : entry.getValue().toString());
        }
        return text;
    }

    /** A key as the Jenkinsfile wrote it: text quoted, a number or other value bare. */
    private static String literal(Object key) {
        return key instanceof CharSequence ? "'" + key + "'" : String.valueOf(key);
    }

    /** Seconds to wait for the new version to become READY, up to a day. */
    public long getReadyTimeout() {
        return readyTimeout;
    }

    @DataBoundSetter
    public void setReadyTimeout(long readyTimeout) {
        this.readyTimeout = StepArguments.inRange(readyTimeout, 1, MAX_READY_TIMEOUT, "readyTimeout",
                "readyTimeout: 300");
    }

    /** When the gate fails: mark the build UNSTABLE and return the map instead of failing the step. */
    public boolean isUnstableOnGateFailure() {
        return unstableOnGateFailure;
    }

    @DataBoundSetter
    public void setUnstableOnGateFailure(boolean unstableOnGateFailure) {
        this.unstableOnGateFailure = unstableOnGateFailure;
    }

    /**
     * A folder relative to the workspace where the gate report (gate-report.json, gate-report.md) is also written,
     * for archiveArtifacts or publishHTML; the CLI's {@code --report-dir}. Null: only the build's own folder.
     */
    public String getReportDir() {
        return reportDir;
    }

    @DataBoundSetter
    public void setReportDir(String reportDir) {
        this.reportDir = StepArguments.inWorkspace(reportDir, "reportDir", REPORT_DIR_EXAMPLE);
    }

    @Extension
    public static final class DescriptorImpl extends MlflowStepDescriptor {
        @Override
        public String getFunctionName() {
            return "registerModel";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Register a model version in MLflow, with lineage and a gate";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class);
        }

        // Form methods of the Snippet Generator and the Freestyle form (config.jelly); see JobForms.

        @POST
        public FormValidation doCheckReadyTimeout(@QueryParameter String value) {
            return JobForms.integerIn(value, 1, MAX_READY_TIMEOUT, "readyTimeout");
        }

        /** The binding's own check as the field is typed (reaches nothing, so needs no permission). */
        @POST
        public FormValidation doCheckReportDir(@QueryParameter String value) {
            return JobForms.asTyped(() -> StepArguments.inWorkspace(value, "reportDir", REPORT_DIR_EXAMPLE));
        }
    }
}

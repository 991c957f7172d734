package io.jenkins.plugins.mlops.register;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import io.jenkins.plugins.mlops.KeyValueLines;
import io.jenkins.plugins.mlops.MlopsBuilderDescriptor;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.config.JobForms;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The Freestyle form of {@code registerModel}: the job page shows the step's own form (the same fields and help)
 * plus the tags and the datasets, which the step takes as maps a form cannot edit, typed as lines; the build runs
 * the same registration, records it on the same build page and sets the build's result the same way (a failed gate
 * fails the build, or marks it UNSTABLE when asked). Needs a workspace only for the step's {@code reportDir}.
 */
public final class RegisterModelBuilder extends Builder implements SimpleBuildStep {
    static final KeyValueLines TAGS = new KeyValueLines("tags", "write one tag per line, e.g. team=fraud");
    static final KeyValueLines DATASETS = new KeyValueLines("datasets",
            "write one dataset per line as NAME=DIGEST, e.g. transactions=sha256:9f2c41e0");

    private final RegisterModelStep step;
    /**
     * Only read from a config.xml saved before the tags field wrote into the step: the lines the build step kept
     * beside the step's map. {@link #readResolve} moves them into the step; null from then on, so never written.
     */
    private String tags;

    @DataBoundConstructor
    public RegisterModelBuilder(RegisterModelStep step) {
        this.step = Objects.requireNonNull(step, "step");
    }

    public RegisterModelStep getStep() {
        return step;
    }

    /*
     * tags and datasets are the step's maps, typed one KEY=VALUE per line; they are read from and written to the step
     * itself, so a map set in config.xml (or by Job DSL) is shown in its field and kept when the page is saved (the
     * step's own form, which has no map fields, binds a step without them). A malformed line is refused when the page
     * is saved, not when the build runs.
     */

    /** The user's tags for the new version, one {@code KEY=VALUE} per line (the step's {@code tags}). */
    public String getTags() {
        return KeyValueLines.format(step.getTags());
    }

    @DataBoundSetter
    public void setTags(String tags) {
        step.setTags(TAGS.parse(tags));
    }

    /** The digests of the datasets the model was trained on, one {@code NAME=DIGEST} per line (the step's map). */
    public String getDatasets() {
        return KeyValueLines.format(step.getDatasets());
    }

    @DataBoundSetter
    public void setDatasets(String datasets) {
        step.setDatasets(DATASETS.parse(datasets));
    }

    /**
     * A job saved before: its tag lines were added to the step's map when the build ran, winning on the same key;
     * they are now put into the map once, as it loads, the same way. The lines were checked when that form was saved.
     */
    private Object readResolve() {
        if (tags != null) {
            Map<String, String> all = new TreeMap<>();
            if (step.getTags() != null) {
                all.putAll(step.getTags());
            }
            all.putAll(TAGS.parse(tags));
            step.setTags(all);
            tags = null;
        }
        return this;
    }

    @Override
    public boolean requiresWorkspace() {
        return step.getReportDir() != null;
    }

    /** What Jenkins calls when the build has a workspace (a Freestyle build always has one). */
    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
                        @NonNull Launcher launcher, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        RegisterModelRun.run(step, StepEnvironment.of(run, listener, env), workspace, run::setResult);
    }

    /** What Jenkins calls without a workspace, which it allows only while no reportDir is given. */
    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        RegisterModelRun.run(step, StepEnvironment.of(run, listener, env), null, run::setResult);
    }

    @Extension
    public static final class DescriptorImpl extends MlopsBuilderDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Register a model version in MLflow (MLOps Bridge)";
        }

        @POST
        public FormValidation doCheckTags(@QueryParameter String value) {
            return JobForms.asTyped(() -> TAGS.parse(value));
        }

        @POST
        public FormValidation doCheckDatasets(@QueryParameter String value) {
            return JobForms.asTyped(() -> DATASETS.parse(value));
        }
    }
}

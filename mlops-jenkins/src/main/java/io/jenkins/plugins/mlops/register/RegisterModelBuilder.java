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
import io.jenkins.plugins.mlops.MlopsBuilderDescriptor;
import io.jenkins.plugins.mlops.StepArguments;
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
 * plus the tags, which the step takes as a map a form cannot edit; the build runs the same registration, records
 * it on the same build page and sets the build's result the same way (a failed gate fails the build, or marks it
 * UNSTABLE when asked). Needs a workspace only for the step's {@code reportDir}.
 */
public final class RegisterModelBuilder extends Builder implements SimpleBuildStep {
    private final RegisterModelStep step;
    private String tags;

    @DataBoundConstructor
    public RegisterModelBuilder(RegisterModelStep step) {
        this.step = Objects.requireNonNull(step, "step");
    }

    public RegisterModelStep getStep() {
        return step;
    }

    /** The user's tags for the new version, one {@code KEY=VALUE} per line. */
    public String getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTags(String tags) {
        TagLines.parse(tags); // refused when saved, not when the build runs
        this.tags = StepArguments.optional(tags);
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
        RegisterModelRun.run(step, tags(), StepEnvironment.of(run, listener, env), workspace, run::setResult);
    }

    /** What Jenkins calls without a workspace, which it allows only while no reportDir is given. */
    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        RegisterModelRun.run(step, tags(), StepEnvironment.of(run, listener, env), null, run::setResult);
    }

    /** The step's own tags (set as a map, e.g. by Job DSL) with the form's lines on top. */
    private Map<String, String> tags() {
        if (tags == null) {
            return step.getTags();
        }
        Map<String, String> all = new TreeMap<>();
        if (step.getTags() != null) {
            all.putAll(step.getTags());
        }
        all.putAll(TagLines.parse(tags));
        return all;
    }

    @Extension
    public static final class DescriptorImpl extends MlopsBuilderDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Register a model version in MLflow (MLOps Bridge)";
        }

        /** Checks the tag lines as they are typed (reaches nothing, so needs no permission). */
        @POST
        public FormValidation doCheckTags(@QueryParameter String value) {
            return JobForms.asBound(() -> TagLines.parse(value));
        }
    }
}

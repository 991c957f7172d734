package io.jenkins.plugins.mlops.register;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.Builder;
import io.jenkins.plugins.mlops.MlopsBuilderDescriptor;
import io.jenkins.plugins.mlops.StepEnvironment;
import java.io.IOException;
import java.util.Objects;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * The Freestyle form of {@code registerModel}: the job page shows the step's own form (the same fields and help),
 * and the build runs the same registration, records it on the same build page and sets the build's result the same
 * way (a failed gate fails the build, or marks it UNSTABLE when asked). Needs no workspace.
 */
public final class RegisterModelBuilder extends Builder implements SimpleBuildStep {
    private final RegisterModelStep step;

    @DataBoundConstructor
    public RegisterModelBuilder(RegisterModelStep step) {
        this.step = Objects.requireNonNull(step, "step");
    }

    public RegisterModelStep getStep() {
        return step;
    }

    @Override
    public boolean requiresWorkspace() {
        return false;
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        RegisterModelRun.run(step, StepEnvironment.of(run, listener, env), run::setResult);
    }

    @Extension
    public static final class DescriptorImpl extends MlopsBuilderDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Register a model version in MLflow (MLOps Bridge)";
        }
    }
}

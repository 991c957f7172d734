package io.jenkins.plugins.mlops.drift;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
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
 * The Freestyle form of {@code checkDrift}: the job page shows the step's own form (the same fields and help), and
 * the build compares the workspace's datasets on its agent with the same code, writes the same reports and sets the
 * build's result the same way ({@code onDrift}: fail, unstable or none).
 */
public final class CheckDriftBuilder extends Builder implements SimpleBuildStep {
    private final CheckDriftStep step;

    @DataBoundConstructor
    public CheckDriftBuilder(CheckDriftStep step) {
        this.step = Objects.requireNonNull(step, "step");
    }

    public CheckDriftStep getStep() {
        return step;
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
                        @NonNull Launcher launcher, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        CheckDriftRun.run(step, StepEnvironment.of(run, listener, env), workspace, run::setResult);
    }

    @Extension
    public static final class DescriptorImpl extends MlopsBuilderDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Check data drift (MLOps Bridge)";
        }
    }
}

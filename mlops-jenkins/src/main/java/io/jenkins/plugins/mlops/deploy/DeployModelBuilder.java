package io.jenkins.plugins.mlops.deploy;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
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
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * The Freestyle form of {@code deployModel}: the job page shows the step's own form (the same fields and help), and
 * the build deploys with the same code and sets its result the same way (a rolled-back deployment fails it). The
 * build step waits for the end on the build's executor thread; aborting the build interrupts it, which rolls back
 * (cluster objects, local model server, alias) before the interrupt ends the build.
 */
public final class DeployModelBuilder extends Builder implements SimpleBuildStep {
    private final DeployModelStep step;

    @DataBoundConstructor
    public DeployModelBuilder(DeployModelStep step) {
        this.step = Objects.requireNonNull(step, "step");
    }

    public DeployModelStep getStep() {
        return step;
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
                        @NonNull Launcher launcher, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        DeploySpec spec;
        try {
            spec = step.spec();
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        DeployModelRun.run(spec, StepEnvironment.of(run, listener, env), workspace);
    }

    @Extension
    // Not "deployModel": in a Pipeline that name is the step's, and a build step's symbol would shadow it.
    @Symbol("deployModelBuildStep")
    public static final class DescriptorImpl extends MlopsBuilderDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Deploy a registered model version (MLOps Bridge)";
        }
    }
}

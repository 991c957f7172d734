package io.jenkins.plugins.mlops.train;

import hudson.FilePath;
import io.jenkins.plugins.mlops.DurableStepExecution;
import io.jenkins.plugins.mlops.RemoteSession;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.mlopsbridge.kfp.KfpRun;
import io.mlopsbridge.train.KfpTrainingHandle;
import java.io.Serial;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** {@code trainModel(kubeflow: ...)}: a Kubeflow run waited for durably (see {@link DurableStepExecution}). */
final class KubeflowTrainingExecution extends DurableStepExecution<KfpTrainingHandle, KfpRun> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final TrainSpec spec;

    KubeflowTrainingExecution(StepContext context, TrainSpec spec) {
        super(context);
        this.spec = spec;
    }

    @Override
    protected String describe(KfpTrainingHandle handle) {
        return "KFP run " + handle.kfpRunId();
    }

    @Override
    protected RemoteSession<KfpTrainingHandle, KfpRun> connect() throws Exception {
        return KubeflowTrainingSession.forBuild(spec, StepEnvironment.of(getContext()),
                getContext().get(FilePath.class));
    }
}

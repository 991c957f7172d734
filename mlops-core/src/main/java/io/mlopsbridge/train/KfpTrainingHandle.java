package io.mlopsbridge.train;

import io.mlopsbridge.wait.SubmittedWork;
import io.mlopsbridge.wait.WaitHandle;
import io.mlopsbridge.wait.WaitPolicy;
import java.io.Serial;
import java.util.Objects;

/**
 * A Kubeflow training that was submitted and is not finished: everything needed to poll it, complete it or abort it
 * from another process after a restart (a Jenkins step persists it with the build). Holds ids only, no secrets:
 * clients and credentials are rebuilt by whoever resumes.
 *
 * @param kfpRunId           the KFP run
 * @param pipelineId         the KFP pipeline it runs
 * @param pipelineVersionId  the pipeline version published for the release
 * @param mlflowRunId        the MLflow run the step created for the pipeline to log to, or null (KFP's plugin, or
 *                           no MLflow)
 * @param mlflowExperimentId that run's experiment, or null
 * @param experimentName     KFP and MLflow experiment
 * @param releaseVersion     the release being trained
 * @param waitHandle         where the wait stands (not {@code wait}: that name is final on Object)
 * @param policy             how to keep polling
 */
public record KfpTrainingHandle(String kfpRunId, String pipelineId, String pipelineVersionId, String mlflowRunId,
                                String mlflowExperimentId, String experimentName, String releaseVersion,
                                WaitHandle waitHandle, WaitPolicy policy)
        implements SubmittedWork<KfpTrainingHandle> {
    @Serial
    private static final long serialVersionUID = 1L;

    public KfpTrainingHandle {
        Objects.requireNonNull(kfpRunId, "kfpRunId");
        Objects.requireNonNull(waitHandle, "waitHandle");
        Objects.requireNonNull(policy, "policy");
    }

    /** The same training after one more poll. */
    @Override
    public KfpTrainingHandle withWait(WaitHandle next) {
        return new KfpTrainingHandle(kfpRunId, pipelineId, pipelineVersionId, mlflowRunId, mlflowExperimentId,
                experimentName, releaseVersion, next, policy);
    }
}

package io.jenkins.plugins.mlops.deploy;

import hudson.FilePath;
import io.jenkins.plugins.mlops.DurableStepExecution;
import io.jenkins.plugins.mlops.RemoteSession;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.deploy.DeployHandle;
import io.mlopsbridge.deploy.DeployModel;
import io.mlopsbridge.deploy.DeploySubmission;
import io.mlopsbridge.deploy.RolloutResult;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.wait.RemoteOperation;
import java.io.IOException;
import java.io.Serial;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code deployModel} to a cluster: checks and plans at submission, then waits for the rollout durably (see
 * {@link DurableStepExecution}); an abort rolls the cluster objects and the promote alias back.
 */
final class DeployExecution extends DurableStepExecution<DeployHandle, RolloutResult> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final DeploySpec spec;

    DeployExecution(StepContext context, DeploySpec spec) {
        super(context);
        this.spec = spec;
    }

    @Override
    protected String describe(DeployHandle handle) {
        return "rollout " + handle.rolloutId();
    }

    @Override
    protected RemoteSession<DeployHandle, RolloutResult> connect() throws Exception {
        DeployModelRun run = DeployModelRun.open(spec, StepEnvironment.of(getContext()));
        return new Session(run, run.clusterEngine());
    }

    private final class Session implements RemoteSession<DeployHandle, RolloutResult> {
        private final DeployModelRun run;
        private final DeployModel engine;

        Session(DeployModelRun run, DeployModel engine) {
            this.run = run;
            this.engine = engine;
        }

        @Override
        public BuildLog log() {
            return run.log();
        }

        @Override
        public SecretMasker masker() {
            return run.masker();
        }

        @Override
        public Submission<DeployHandle> submit(Cancellation cancellation) throws Exception {
            DeploySubmission submission = engine.submit(DeployModelRun.request(spec,
                    run.smokeFile(getContext().get(FilePath.class)), run.release(), run.buildInfo()), cancellation);
            if (submission instanceof DeploySubmission.Finished finished) {
                return Submission.finished(run.result(finished.result()));
            }
            return Submission.pending(((DeploySubmission.Pending) submission).handle());
        }

        @Override
        public RemoteOperation<RolloutResult> operation() {
            return engine.operation();
        }

        @Override
        public Map<String, Object> complete(DeployHandle handle, RolloutResult rollout) throws IOException {
            return run.result(engine.complete(handle, rollout));
        }

        @Override
        public String abort(DeployHandle handle) {
            // The engine returns what it cleaned up and leaves printing it to the front end, once.
            String summary = engine.abort(handle);
            run.log().warn("aborted: " + summary);
            return summary;
        }

        @Override
        public void close() {
            run.close();
        }
    }
}

package io.jenkins.plugins.mlops.deploy;

import hudson.AbortException;
import hudson.FilePath;
import io.jenkins.plugins.mlops.DurableStepExecution;
import io.jenkins.plugins.mlops.ReleaseVersions;
import io.jenkins.plugins.mlops.RemoteSession;
import io.jenkins.plugins.mlops.ResultMap;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.action.ModelActivity;
import io.jenkins.plugins.mlops.config.CredentialsLookup;
import io.jenkins.plugins.mlops.config.KubernetesSettings;
import io.jenkins.plugins.mlops.config.MlflowSettings;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.DurationText;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.deploy.DeployHandle;
import io.mlopsbridge.deploy.DeployModel;
import io.mlopsbridge.deploy.DeployRequest;
import io.mlopsbridge.deploy.DeployResult;
import io.mlopsbridge.deploy.DeploySubmission;
import io.mlopsbridge.deploy.DeployTarget;
import io.mlopsbridge.deploy.RolloutResult;
import io.mlopsbridge.deploy.ServingResources;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.wait.RemoteOperation;
import io.mlopsbridge.wait.WaitHandle;
import io.mlopsbridge.wait.WaitPolicy;
import java.io.IOException;
import java.io.Serial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code deployModel}: checks and plans at submission, then waits for the cluster rollout durably (see
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
        StepEnvironment build = StepEnvironment.of(getContext());
        MlopsConfiguration global = MlopsConfiguration.get();
        CredentialsLookup credentials = new CredentialsLookup(build.run());
        MlflowConfig mlflow = MlflowSettings.resolve(spec.mlflowUrl(), spec.mlflowCredentialsId(), global,
                credentials);
        KubernetesSettings cluster = KubernetesSettings.resolve(spec.kubeconfigCredentialsId(),
                spec.kubernetesServerUrl(), spec.kubernetesCredentialsId(), spec.namespace(), global, credentials);
        List<String> secrets = new ArrayList<>(mlflow.credentials().secrets());
        secrets.addAll(cluster.secrets());
        BuildLog log = build.log(secrets);
        DeployModel engine = DeployModel.with(new MlflowClient(mlflow), cluster.access(), List.of("mlflow"), log)
                .withWaitPolicy(policy());
        return new Session(build, global, engine, cluster, mlflow.displayUri(), log, SecretMasker.of(secrets));
    }

    private WaitPolicy policy() {
        if (spec.pollInterval() == null) {
            return DeployModel.DEFAULT_WAIT;
        }
        Duration every = DurationText.parse(spec.pollInterval(), "pollInterval");
        return DeployModel.DEFAULT_WAIT.withIntervals(every, every);
    }

    private final class Session implements RemoteSession<DeployHandle, RolloutResult> {
        private final StepEnvironment build;
        private final MlopsConfiguration global;
        private final DeployModel engine;
        private final KubernetesSettings cluster;
        private final String mlflowUi;
        private final BuildLog log;
        private final SecretMasker masker;
        private Path smokeCopy;

        Session(StepEnvironment build, MlopsConfiguration global, DeployModel engine, KubernetesSettings cluster,
                String mlflowUi, BuildLog log, SecretMasker masker) {
            this.build = build;
            this.global = global;
            this.engine = engine;
            this.cluster = cluster;
            this.mlflowUi = mlflowUi;
            this.log = log;
            this.masker = masker;
        }

        @Override
        public BuildLog log() {
            return log;
        }

        @Override
        public SecretMasker masker() {
            return masker;
        }

        @Override
        public Submission<DeployHandle> submit(Cancellation cancellation) throws Exception {
            DeployTarget target = DeployTarget.parse(spec.target());
            if (target == DeployTarget.LOCAL) {
                throw MlopsException.input("target: 'local' serves the model with mlflow on the machine that runs "
                        + "it, which this step does not do yet", "run 'mlops deploy --target local' in an sh step "
                        + "on the agent, or deploy to kserve or kubernetes");
            }
            DeployRequest request = DeployRequest.builder(spec.model(), target)
                    .version(spec.version()).alias(spec.alias()).namespace(spec.namespace())
                    .serviceName(spec.serviceName()).canary(spec.canary())
                    .smoke(smokeFile(), spec.smokeGate(), spec.smokeEndpoint())
                    .promoteAlias(spec.promoteAlias())
                    .timeout(spec.timeout() == null ? Duration.ofMinutes(10)
                            : DurationText.parse(spec.timeout(), "timeout"))
                    .dryRun(spec.dryRun()).storageUri(spec.storageUri())
                    .artifactsDestination(spec.artifactsDestination())
                    .serving(new DeployRequest.ServingOptions(ServingResources.defaults(), spec.serviceAccount(),
                            spec.image(), false, spec.replicas(), null, null))
                    .release(ReleaseVersions.resolve(spec.releaseVersion(), global, build))
                    .build(build.buildInfo()).done();
            DeploySubmission submission = engine.submit(request, cancellation);
            if (submission instanceof DeploySubmission.Finished finished) {
                return Submission.finished(result(finished.result()));
            }
            return Submission.pending(((DeploySubmission.Pending) submission).handle());
        }

        /** The smoke requests, copied from the workspace for the engine to read once while planning. */
        private Path smokeFile() throws IOException, InterruptedException {
            if (spec.smoke() == null) {
                return null;
            }
            FilePath file = getContext().get(FilePath.class).child(spec.smoke());
            if (!file.exists()) {
                throw MlopsException.input("smoke: " + spec.smoke() + " is not in the workspace",
                        "give the smoke requests file relative to the workspace, e.g. smoke: 'smoke.json'");
            }
            smokeCopy = Files.createTempFile("mlops-smoke-", ".json");
            Files.writeString(smokeCopy, file.readToString());
            return smokeCopy;
        }

        @Override
        public RemoteOperation<RolloutResult> operation() {
            return engine.operation();
        }

        @Override
        public WaitHandle waitHandle(DeployHandle handle) {
            return handle.waitHandle();
        }

        @Override
        public WaitPolicy policy(DeployHandle handle) {
            return handle.policy();
        }

        @Override
        public DeployHandle withWait(DeployHandle handle, WaitHandle next) {
            return handle.withWait(next);
        }

        @Override
        public Map<String, Object> complete(DeployHandle handle, RolloutResult rollout) throws IOException {
            return result(engine.complete(handle, rollout));
        }

        private Map<String, Object> result(DeployResult result) throws IOException {
            // Recorded before a failure ends the step: a rolled-back deployment belongs in the build's record too.
            ModelActivity.deployed(build.run(), result, mlflowUi);
            if (!result.succeeded()) {
                throw new AbortException(masker.mask("deploy of " + result.modelName() + " version "
                        + result.version() + " failed and was rolled back: " + summary(result)));
            }
            return ResultMap.of(result, masker);
        }

        private String summary(DeployResult result) {
            if (result.rollout() == null) {
                return "nothing was rolled out";
            }
            return result.rollout().failure() != null ? result.rollout().failure()
                    : String.valueOf(result.rollout().outcome());
        }

        @Override
        public String abort(DeployHandle handle) {
            // The engine returns what it cleaned up and leaves printing it to the front end, once.
            String summary = engine.abort(handle);
            log.warn("aborted: " + summary);
            return summary;
        }

        @Override
        public void close() {
            cluster.close();
            if (smokeCopy != null) {
                try {
                    Files.deleteIfExists(smokeCopy);
                } catch (IOException e) {
                    // a temp file left behind holds only smoke requests, no secret
                }
            }
        }
    }
}

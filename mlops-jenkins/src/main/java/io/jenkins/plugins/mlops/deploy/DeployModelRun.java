package io.jenkins.plugins.mlops.deploy;

import hudson.AbortException;
import hudson.FilePath;
import io.jenkins.plugins.mlops.InterruptibleWork;
import io.jenkins.plugins.mlops.ReleaseVersions;
import io.jenkins.plugins.mlops.ResultMap;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.StepFailure;
import io.jenkins.plugins.mlops.WaitDurations;
import io.jenkins.plugins.mlops.action.ModelActivity;
import io.jenkins.plugins.mlops.config.CredentialsLookup;
import io.jenkins.plugins.mlops.config.KubernetesSettings;
import io.jenkins.plugins.mlops.config.MlflowSettings;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.deploy.DeployModel;
import io.mlopsbridge.deploy.DeployRequest;
import io.mlopsbridge.deploy.DeployResult;
import io.mlopsbridge.deploy.DeployTarget;
import io.mlopsbridge.deploy.DeploymentMode;
import io.mlopsbridge.deploy.ServingResources;
import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.wait.WaitPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One deployment in a build, the same for the {@code deployModel} Pipeline step and the Freestyle build step: the
 * servers and credentials it resolves (fresh for every use, nothing persisted), the engine request made from the
 * step's arguments, and what a finished deployment does to the build (recorded on the MLOps record and the model's
 * fingerprint; a rolled-back one fails with one line). The Pipeline step waits for cluster rollouts durably through
 * {@link DeployExecution}; {@link #runToEnd} is the synchronous way, for the {@code local} target (on the agent,
 * {@link LocalDeployOnAgent}) and for the Freestyle build step.
 */
final class DeployModelRun implements AutoCloseable {
    /** Rollouts and local model servers get ten minutes to become ready and pass their smoke test unless told. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final DeploySpec spec;
    private final StepEnvironment build;
    private final MlopsConfiguration global;
    private final MlflowConfig mlflow;
    private final KubernetesSettings cluster;
    private final BuildLog log;
    private final SecretMasker masker;
    private Path smokeCopy;

    private DeployModelRun(DeploySpec spec, StepEnvironment build, MlopsConfiguration global, MlflowConfig mlflow,
                           KubernetesSettings cluster, List<String> secrets) {
        this.spec = spec;
        this.build = build;
        this.global = global;
        this.mlflow = mlflow;
        this.cluster = cluster;
        this.log = build.log(secrets);
        this.masker = SecretMasker.of(secrets);
    }

    /**
     * Resolves the MLflow server and (for a cluster target) the Kubernetes access with the build's credentials, and
     * opens the masked console. Contacts nothing.
     */
    static DeployModelRun open(DeploySpec spec, StepEnvironment build) {
        MlopsConfiguration global = MlopsConfiguration.get();
        CredentialsLookup credentials = new CredentialsLookup(build.run());
        MlflowConfig mlflow = MlflowSettings.resolve(spec.mlflowUrl(), spec.mlflowCredentialsId(), global,
                credentials);
        // The local target needs no cluster: its credentials are neither looked up nor required.
        KubernetesSettings cluster = spec.local() ? null : KubernetesSettings.resolve(spec.kubeconfigCredentialsId(),
                spec.kubernetesServerUrl(), spec.kubernetesCredentialsId(), spec.namespace(), global, credentials);
        List<String> secrets = new ArrayList<>(mlflow.credentials().secrets());
        if (cluster != null) {
            secrets.addAll(cluster.secrets());
        }
        return new DeployModelRun(spec, build, global, mlflow, cluster, secrets);
    }

    /**
     * Deploys and waits for the end, on the calling thread: a Freestyle build's or a Pipeline step's worker. An
     * interrupt of that thread is an abort: the engine rolls back (stops the local server, restores the cluster
     * objects and the alias), the console says what was undone, and the {@link InterruptedException} is rethrown.
     */
    Map<String, Object> runToEnd(FilePath workspace) throws IOException, InterruptedException {
        DeployResult result;
        if (spec.local()) {
            result = workspace.act(new LocalDeployOnAgent(spec, release(), build.buildInfo(),
                    mlflow.toEnvironment(), mlflowBin(), build.listener()));
        } else {
            DeployRequest request = request(spec, smokeFile(workspace), release(), build.buildInfo());
            DeployModel engine = clusterEngine();
            result = deployAbortably(engine, request, "deployModel " + spec.model(), log);
        }
        return result(result);
    }

    /**
     * The engine's deployment of {@code request} to its end, on a thread of its own named {@code thread}
     * ({@link InterruptibleWork}): an interrupt of the calling thread (a Freestyle abort, remoting cancelling the
     * agent's call) cancels it, and once the engine has cleaned up (process tree killed, cluster objects and alias
     * restored) the console says what was undone and the interrupt is rethrown.
     */
    static DeployResult deployAbortably(DeployModel engine, DeployRequest request, String thread, BuildLog log)
            throws IOException, InterruptedException {
        Cancellation cancellation = Cancellation.create();
        return InterruptibleWork.run(thread, cancellation, () -> engine.deploy(request, cancellation),
                InterruptibleWork.reportingTo(log, "the deployment"));
    }

    /** The engine for a cluster target, polling as the step says. */
    DeployModel clusterEngine() {
        return DeployModel.with(new MlflowClient(mlflow), cluster.access(), List.of("mlflow"), log)
                .withWaitPolicy(policy());
    }

    private WaitPolicy policy() {
        if (spec.pollInterval() == null) {
            return DeployModel.DEFAULT_WAIT;
        }
        Duration every = WaitDurations.pollInterval(spec.pollInterval());
        return DeployModel.DEFAULT_WAIT.withIntervals(every, every);
    }

    /** The engine's request; {@code smoke} is the requests file where the engine reads it (controller or agent). */
    static DeployRequest request(DeploySpec spec, Path smoke, String release, BuildInfo buildInfo) {
        return DeployRequest.builder(spec.model(), DeployTarget.parse(spec.target()))
                .version(spec.version()).alias(spec.alias()).namespace(spec.namespace())
                .serviceName(spec.serviceName()).canary(spec.canary())
                .smoke(smoke, spec.smokeGate(), spec.smokeEndpoint())
                .promoteAlias(spec.promoteAlias())
                .timeout(spec.timeout() == null ? DEFAULT_TIMEOUT : WaitDurations.timeout(spec.timeout()))
                .dryRun(spec.dryRun()).storageUri(spec.storageUri())
                .artifactsDestination(spec.artifactsDestination())
                .deploymentMode(DeploymentMode.requested(spec.deploymentMode()).orElse(null))
                .serving(new DeployRequest.ServingOptions(ServingResources.parse(spec.cpu(), spec.memory()),
                        spec.serviceAccount(),
                        spec.image(), spec.imageServesModel(), spec.replicas(), spec.envSecret(),
                        spec.clusterTrackingUri()))
                .release(release)
                .build(buildInfo).done();
    }

    /** The one line for a smoke file that is not in the workspace. */
    static MlopsException smokeFileMissing(String smoke) {
        return MlopsException.input("smoke: " + smoke + " is not in the workspace",
                "give the smoke requests file relative to the workspace, e.g. smoke: 'smoke.json'");
    }

    String release() {
        return ReleaseVersions.resolve(spec.releaseVersion(), global, build);
    }

    BuildInfo buildInfo() {
        return build.buildInfo();
    }

    /** The step's {@code mlflowBin}, else the build's {@code MLOPS_MLFLOW_BIN}; null lets the agent choose. */
    private String mlflowBin() {
        if (spec.mlflowBin() != null) {
            return spec.mlflowBin();
        }
        String fromBuild = build.variables().get("MLOPS_MLFLOW_BIN");
        return fromBuild == null || fromBuild.isBlank() ? null : fromBuild;
    }

    /** The smoke requests, copied from the workspace for the engine to read once on the controller. */
    Path smokeFile(FilePath workspace) throws IOException, InterruptedException {
        if (spec.smoke() == null) {
            return null;
        }
        FilePath file = workspace.child(spec.smoke());
        if (!file.exists()) {
            throw smokeFileMissing(spec.smoke());
        }
        smokeCopy = Files.createTempFile("mlops-smoke-", ".json");
        Files.writeString(smokeCopy, file.readToString());
        return smokeCopy;
    }

    /**
     * A finished deployment: into the build's record and onto the model's fingerprint (also when it was rolled
     * back), then the step's return map, or an AbortException when it was rolled back.
     */
    Map<String, Object> result(DeployResult result) throws IOException {
        ModelActivity.deployed(build.run(), result, mlflow.displayUri());
        if (!result.succeeded()) {
            throw new AbortException(masker.mask("deploy of " + result.modelName() + " version "
                    + result.version() + " failed and was rolled back: " + summary(result)));
        }
        return ResultMap.of(result, masker);
    }

    private static String summary(DeployResult result) {
        if (result.rollout() == null) {
            return "nothing was rolled out";
        }
        return result.rollout().failure() != null ? result.rollout().failure()
                : String.valueOf(result.rollout().outcome());
    }

    BuildLog log() {
        return log;
    }

    SecretMasker masker() {
        return masker;
    }

    /**
     * Runs {@code spec} in {@code build} to its end (see {@link #runToEnd}); every failure is one masked line.
     */
    static Map<String, Object> run(DeploySpec spec, StepEnvironment build, FilePath workspace)
            throws AbortException, InterruptedException {
        SecretMasker masker = SecretMasker.none();
        try (DeployModelRun run = open(spec, build)) {
            masker = run.masker();
            return run.runToEnd(workspace);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw StepFailure.of(e, masker);
        }
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
        if (smokeCopy != null) {
            try {
                Files.deleteIfExists(smokeCopy);
            } catch (IOException e) {
                // a temp file left behind holds only smoke requests, no secret
            }
        }
    }
}

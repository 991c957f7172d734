package io.mlopsbridge.deploy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.lineage.LineageTags;
import io.mlopsbridge.lineage.ReleaseVersion;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.registry.AliasMove;
import io.mlopsbridge.registry.PromoteModel;
import io.mlopsbridge.registry.PromoteRequest;
import io.mlopsbridge.registry.RegistryNames;
import io.mlopsbridge.wait.WaitHandle;
import io.mlopsbridge.wait.WaitPolicy;
import io.mlopsbridge.wait.WaitScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * deployModel: resolves the model version, checks every input, rolls the version out to its target with a smoke
 * test, and on success moves the promote alias (remembering the previous holder) and tags the version with where,
 * when and by which build and release it was deployed. On failure the target is rolled back and the registry is
 * left as it was; if the registry step itself fails after a successful rollout, the alias is put back and the
 * rollout reverted, so the cluster and the registry never disagree.
 */
public final class DeployModel {
    /** Rollouts change in seconds; ten seconds between looks keeps the build log lively without loading the API. */
    public static final WaitPolicy DEFAULT_WAIT = WaitPolicy.withDefaults()
            .withIntervals(Duration.ofSeconds(2), Duration.ofSeconds(10));
    /** Beyond the rollout's own deadline: room for the rollback to finish before the wait gives up. */
    static final Duration WAIT_MARGIN = Duration.ofMinutes(1);

    private final MlflowClient mlflow;
    private final ClusterAccess cluster;
    private final List<String> mlflowCommand;
    private final SmokeTest smokeTest;
    private final WaitPolicy waitPolicy;
    private final WaitScheduler scheduler;
    private final Clock clock;
    private final BuildLog log;

    private DeployModel(MlflowClient mlflow, ClusterAccess cluster, List<String> mlflowCommand, SmokeTest smokeTest,
                        WaitPolicy waitPolicy, WaitScheduler scheduler, Clock clock, BuildLog log) {
        this.mlflow = Objects.requireNonNull(mlflow, "mlflow");
        this.cluster = cluster;
        this.mlflowCommand = List.copyOf(mlflowCommand);
        this.smokeTest = Objects.requireNonNull(smokeTest, "smokeTest");
        this.waitPolicy = Objects.requireNonNull(waitPolicy, "waitPolicy");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * @param cluster       how to reach Kubernetes; may be null when only the {@code local} target is used
     * @param mlflowCommand the {@code mlflow} command for the {@code local} target
     */
    public static DeployModel with(MlflowClient mlflow, ClusterAccess cluster, List<String> mlflowCommand,
                                   BuildLog log) {
        return new DeployModel(mlflow, cluster, mlflowCommand, SmokeTest.withDefaults(), DEFAULT_WAIT,
                WaitScheduler.shared(), Clock.systemUTC(), log);
    }

    /** How often to look at the rollout (its timeout is set from the request's). */
    public DeployModel withWaitPolicy(WaitPolicy policy) {
        return new DeployModel(mlflow, cluster, mlflowCommand, smokeTest, policy, scheduler, clock, log);
    }

    public DeployModel withClock(Clock value) {
        return new DeployModel(mlflow, cluster, mlflowCommand, smokeTest, waitPolicy, scheduler, value, log);
    }

    public DeployResult deploy(DeployRequest request) {
        // Everything the user can get wrong is checked before anything is written anywhere.
        String name = RegistryNames.requireModelName(request.modelName());
        DeployInputs.check(request, mlflow.config().trackingUri());
        if ((request.version() == null) == (request.alias() == null)) {
            throw MlopsException.input("deploy: give either a version or an alias",
                    "pass --version N or --alias candidate");
        }
        if (request.promoteAlias() != null) {
            RegistryNames.requireAlias(request.promoteAlias(), "promote-alias");
        }
        if (request.timeout().isNegative() || request.timeout().isZero()) {
            throw MlopsException.input("deploy: timeout " + request.timeout() + " must be positive",
                    "pass --timeout such as 10m");
        }
        SmokePlan smoke = smokePlan(request, name);
        ModelVersion version = resolve(request, name);
        String release = ReleaseVersion.resolve(request.releaseVersion(), request.build(), clock).value();
        DeploymentMetadata metadata = new DeploymentMetadata(name, version.version(), release,
                request.build().buildUrl(), clock.instant());
        log.info("deploy: " + metadata.modelUri() + " (release " + release + ") to " + request.target().id());

        return switch (request.target()) {
            case LOCAL -> deployLocally(request, metadata, smoke);
            case KSERVE, KUBERNETES -> deployToCluster(request, metadata, smoke);
        };
    }

    private SmokePlan smokePlan(DeployRequest request, String name) {
        if (request.smokeFile() == null) {
            if (request.smokeGate() != null || request.smokeEndpoint() != null) {
                throw MlopsException.input("smoke test: --smoke-gate and --smoke-endpoint need --smoke FILE",
                        "pass the JSON file with the requests to send");
            }
            return null;
        }
        SmokeRequests requests = SmokeRequests.read(request.smokeFile());
        String gate = request.smokeGate() == null ? SmokePlan.DEFAULT_GATE : request.smokeGate();
        SmokeGate.check(gate);
        SmokeProtocol protocol = request.target() == DeployTarget.KSERVE
                ? SmokeProtocol.OPEN_INFERENCE_V2 : SmokeProtocol.MLFLOW_SCORING;
        return new SmokePlan(requests, gate, protocol, serviceName(request, name).value(), request.smokeEndpoint());
    }

    private ModelVersion resolve(DeployRequest request, String name) {
        ModelVersion version;
        if (request.version() != null) {
            String number = RegistryNames.requireVersion(request.version());
            version = mlflow.findModelVersion(name, number).orElseThrow(() -> MlopsException.input(
                    "deploy: " + name + " has no version " + number + " on MLflow at "
                            + mlflow.config().displayUri(), "check the model name and version in the MLflow UI"));
        } else {
            String alias = RegistryNames.requireAlias(request.alias(), "alias");
            version = mlflow.findAlias(name, alias).orElseThrow(() -> MlopsException.input(
                    "deploy: no version of " + name + " holds alias '" + alias + "'",
                    "register or promote a version first, or pass --version"));
            log.info("deploy: " + name + "@" + alias + " is version " + version.version());
        }
        if (!version.isReady()) {
            throw MlopsException.input("deploy: " + name + " version " + version.version() + " is "
                    + version.status() + ", not READY", "wait for the registration to finish");
        }
        if (request.promoteAlias() != null
                && LineageTags.GATE_REJECTED.equals(version.tagValues().get(LineageTags.GATE_VERDICT))) {
            throw MlopsException.input("deploy: " + name + " version " + version.version() + " failed its gate ("
                    + LineageTags.GATE_VERDICT + "=" + LineageTags.GATE_REJECTED + ") and cannot become "
                    + request.promoteAlias(), "deploy a version that passed, or drop --promote-alias");
        }
        return version;
    }

    private DeployResult deployLocally(DeployRequest request, DeploymentMetadata metadata, SmokePlan smoke) {
        if (request.canaryPercent() != null) {
            throw MlopsException.input("canary: the local target serves one version only", "drop --canary");
        }
        String command = String.join(" ", mlflowCommand) + " models serve -m " + metadata.modelUri()
                + " --env-manager local -h 127.0.0.1 -p <free port>";
        if (request.dryRun()) {
            log.info("deploy: dry run; would run " + command);
            return new DeployResult(metadata.modelName(), metadata.modelVersion(), metadata.release().orElse(null),
                    null, null, command, true);
        }
        LocalDeployment local = new LocalDeployment(mlflowCommand, mlflow.config().toEnvironment(), smokeTest, new SmokeGate(),
                clock, log);
        RolloutResult rollout = local.deploy(metadata, smoke, request.timeout());
        return followRegistry(request, metadata, rollout, command, () -> {
            // Nothing to revert locally: the server is already stopped.
        });
    }

    private DeployResult deployToCluster(DeployRequest request, DeploymentMetadata metadata, SmokePlan smoke) {
        if (cluster == null) {
            throw MlopsException.input("deploy: no Kubernetes access configured for target "
                    + request.target().id(), "pass --kubeconfig, --in-cluster or --kube-server");
        }
        StorageUri storage = request.target() == DeployTarget.KSERVE ? storageUri(request, metadata) : null;
        ClusterAccess access = cluster.inNamespace(request.namespace());
        String namespace = access.namespace();
        ServiceName service = serviceName(request, metadata.modelName());
        try (KubernetesClient client = access.connect()) {
            ClusterObjects objects = new ClusterObjects(client);
            RolloutPlan plan = (request.target() == DeployTarget.KSERVE
                    ? new KServePlanner(objects, new DeploymentModeDetector(client,
                    DeploymentModeDetector.KSERVE_NAMESPACES, log), log).plan(kserveManifest(request, namespace,
                    service, storage, metadata), request.canaryPercent())
                    : new ModelServerPlanner(objects, log).plan(modelServer(request, namespace, service, metadata),
                    request.canaryPercent()))
                    .withSmoke(smoke).withTimeouts(request.timeout(), RolloutPlan.DEFAULT_ROLLBACK_TIMEOUT);
            if (request.dryRun()) {
                log.info("deploy: dry run; nothing applied");
                return new DeployResult(metadata.modelName(), metadata.modelVersion(),
                        metadata.release().orElse(null), null, null, plan.toYaml(), true);
            }
            ClusterRollout rollout = new ClusterRollout(client, smokeTest, new SmokeGate(), clock, log);
            RolloutOperation operation = new RolloutOperation(rollout);
            // The rollout keeps its own deadline and rolls back at it; the wait's is a backstop beyond the rollback.
            WaitPolicy policy = waitPolicy.withTimeout(request.timeout().plus(plan.rollbackTimeout())
                    .plus(WAIT_MARGIN));
            String[] id = new String[1];
            RolloutResult result = scheduler.submit(() -> id[0] = rollout.submit(plan), operation, policy, log)
                    .await();
            return followRegistry(request, metadata, result, plan.toYaml(), () -> {
                rollout.revert(id[0], "the registry could not follow the deployment");
                scheduler.resume(WaitHandle.start(id[0], policy, clock), operation, policy, log).await();
            });
        }
    }

    /**
     * On success: alias, then tags. If either fails, the alias is put back where it was and the rollout undone,
     * then the error is thrown.
     */
    private DeployResult followRegistry(DeployRequest request, DeploymentMetadata metadata, RolloutResult rollout,
                                        String manifests, Runnable revert) {
        String name = metadata.modelName();
        String version = metadata.modelVersion();
        if (!rollout.succeeded()) {
            log.warn("deploy: " + name + " version " + version + " was rolled back (" + rollout.failure() + ")"
                    + (request.promoteAlias() == null ? "" : "; alias " + request.promoteAlias() + " not moved"));
            return new DeployResult(name, version, metadata.release().orElse(null), rollout, null, manifests, false);
        }
        AliasHolders before = request.promoteAlias() == null ? null : AliasHolders.read(mlflow, name,
                request.promoteAlias());
        AliasMove move = null;
        try {
            if (request.promoteAlias() != null) {
                move = new PromoteModel(mlflow, log, clock).promote(PromoteRequest.version(name, version)
                        .withAlias(request.promoteAlias()).withBuild(request.build()));
            }
            DeploymentTags.write(mlflow, name, version, rollout, metadata.release().orElse(""), request.build(),
                    clock.instant());
        } catch (MlopsException e) {
            log.warn("deploy: recording the deployment in MLflow failed (" + e.getMessage() + "); undoing it");
            if (before != null) {
                before.restore(mlflow, log);
            }
            revert.run();
            throw MlopsException.remote("deploy: " + name + " version " + version + " was deployed, but MLflow"
                            + " could not record it, so it was rolled back: " + e.getMessage(),
                    e.hint().orElse("check MLflow and deploy again"), e.remoteCode().orElse(null), e);
        }
        log.info("deploy: " + name + " version " + version + " serves at " + rollout.endpoint()
                + (move == null ? "" : "; " + name + "@" + move.alias() + " -> " + version));
        return new DeployResult(name, version, metadata.release().orElse(null), rollout, move, manifests, false);
    }

    private StorageUri storageUri(DeployRequest request, DeploymentMetadata metadata) {
        if (request.storageUri() != null) {
            return StorageUri.given(request.storageUri());
        }
        String location = mlflow.getModelVersionDownloadUri(metadata.modelName(), metadata.modelVersion());
        return StorageUri.forKServe(location, Optional.ofNullable(request.artifactsDestination()),
                metadata.modelName() + "/" + metadata.modelVersion());
    }

    private static InferenceServiceManifest kserveManifest(DeployRequest request, String namespace,
                                                           ServiceName service, StorageUri storage,
                                                           DeploymentMetadata metadata) {
        InferenceServiceManifest manifest = InferenceServiceManifest.of(service, namespace, storage, metadata)
                .withResources(request.serving().resources())
                .withServiceAccount(request.serving().serviceAccount());
        return request.deploymentMode() == null ? manifest : manifest.withDeploymentMode(request.deploymentMode());
    }

    private ModelServerManifests modelServer(DeployRequest request, String namespace, ServiceName service,
                                             DeploymentMetadata metadata) {
        DeployRequest.ServingOptions serving = request.serving();
        if (serving.image() == null) {
            throw MlopsException.input("deploy: the kubernetes target needs an image",
                    "pass --image with an image that has MLflow and the model's libraries");
        }
        String trackingUri = serving.clusterTrackingUri() != null ? serving.clusterTrackingUri()
                : mlflow.config().trackingUri().toString();
        return ModelServerManifests.of(service, namespace, serving.image(), metadata)
                .withReplicas(serving.replicas()).withResources(serving.resources())
                .withServiceAccount(serving.serviceAccount()).withEnvFromSecret(serving.envSecret())
                .withImageServesModel(serving.imageServesModel()).withTrackingUri(trackingUri);
    }

    private static ServiceName serviceName(DeployRequest request, String modelName) {
        return request.serviceName() != null ? new ServiceName(request.serviceName())
                : ServiceName.derivedFrom(modelName);
    }

}

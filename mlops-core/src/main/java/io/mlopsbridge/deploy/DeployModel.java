package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.ALIAS;
import static io.mlopsbridge.deploy.DeployInputNames.IN_CLUSTER;
import static io.mlopsbridge.deploy.DeployInputNames.KUBECONFIG;
import static io.mlopsbridge.deploy.DeployInputNames.KUBE_SERVER;
import static io.mlopsbridge.deploy.DeployInputNames.PROMOTE_ALIAS;
import static io.mlopsbridge.deploy.DeployInputNames.SMOKE;
import static io.mlopsbridge.deploy.DeployInputNames.SMOKE_ENDPOINT;
import static io.mlopsbridge.deploy.DeployInputNames.SMOKE_GATE;
import static io.mlopsbridge.deploy.DeployInputNames.TIMEOUT;
import static io.mlopsbridge.deploy.DeployInputNames.VERSION;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.InterruptOnCancel;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.lineage.LineageTags;
import io.mlopsbridge.lineage.ReleaseVersion;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.registry.AliasMove;
import io.mlopsbridge.registry.PromoteModel;
import io.mlopsbridge.registry.PromoteRequest;
import io.mlopsbridge.registry.RegistryNames;
import io.mlopsbridge.wait.Observation;
import io.mlopsbridge.wait.RemoteOperation;
import io.mlopsbridge.wait.Wait;
import io.mlopsbridge.wait.WaitHandle;
import io.mlopsbridge.wait.WaitPolicy;
import io.mlopsbridge.wait.WaitScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * deployModel: resolves the model version, checks every input, rolls the version out to its target with a smoke
 * test, and on success moves the promote alias (remembering the previous holder) and tags the version with where,
 * when and by which build and release it was deployed. On failure the target is rolled back and the registry is
 * left as it was; if the registry step itself fails after a successful rollout, the alias is put back and the
 * rollout reverted, so the cluster and the registry never disagree. When the promotion loses a race with another
 * build moving the same alias, the rollout is reverted and the alias left to the winner.
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

    /**
     * Checks everything, then starts the deployment and returns without waiting for a cluster rollout. Each phase
     * honours {@code cancellation}: nothing is written once it is cancelled, a local model server is stopped with
     * its process tree, and a rollout already written is rolled back before {@link MlopsException#aborted} is
     * thrown.
     */
    public DeploySubmission submit(DeployRequest request, Cancellation cancellation) {
        cancellation.throwIfCancelled();
        // Everything the user can get wrong is checked before anything is written anywhere.
        String name = RegistryNames.requireModelName(request.modelName());
        DeployInputs.check(request, mlflow.config().trackingUri());
        if ((request.version() == null) == (request.alias() == null)) {
            throw MlopsException.input("deploy: give either a version or an alias",
                    "pass " + VERSION + " N or " + ALIAS + " candidate");
        }
        if (request.promoteAlias() != null) {
            RegistryNames.requirePromotedAlias(request.promoteAlias(), PROMOTE_ALIAS);
        }
        if (request.timeout().isNegative() || request.timeout().isZero()) {
            throw MlopsException.input("deploy: timeout " + request.timeout() + " must be positive",
                    "pass " + TIMEOUT + " such as 10m");
        }
        SmokePlan smoke = smokePlan(request, name);
        ModelVersion version = cancellation.abortingOnCancel(() -> resolve(request, name,
                mlflow.cancelledBy(cancellation)));
        String release = ReleaseVersion.resolve(request.releaseVersion(), request.build(), clock).value();
        DeploymentMetadata metadata = new DeploymentMetadata(name, version.version(), release,
                request.build().buildUrl(), clock.instant());
        log.info("deploy: " + metadata.modelUri() + " (release " + release + ") to " + request.target().id());
        cancellation.throwIfCancelled();

        return switch (request.target()) {
            case LOCAL -> new DeploySubmission.Finished(deployLocally(request, metadata, smoke, cancellation));
            case KSERVE, KUBERNETES -> submitToCluster(request, metadata, smoke, cancellation);
        };
    }

    /** Polls and rolls back cluster rollouts by id, connecting for each call (a poll may come after a restart). */
    public RemoteOperation<RolloutResult> operation() {
        ClusterAccess access = requireCluster(DeployTarget.KSERVE);
        return new RemoteOperation<>() {
            @Override
            public String describe(String operationId) {
                return ClusterRollout.describe(operationId);
            }

            @Override
            public Observation<RolloutResult> poll(String operationId) {
                return withRollout(access, rollout -> new RolloutOperation(rollout).poll(operationId));
            }

            @Override
            public void cancel(String operationId) {
                withRollout(access, rollout -> rollout.cancel(operationId));
            }
        };
    }

    /** The registry follow-up of a rollout that ended, giving today's result (see {@link #deploy}). */
    public DeployResult complete(DeployHandle handle, RolloutResult rollout) {
        return complete(handle, rollout, Cancellation.none());
    }

    /**
     * Undoes a deployment being aborted: rolls the cluster objects back (a rollout that already succeeded is
     * reverted) and puts the promote alias back if this deployment moved it. Never throws; returns one line saying
     * what was done.
     */
    public String abort(DeployHandle handle) {
        List<String> done = new ArrayList<>();
        try {
            withRollout(requireCluster(handle.target()), rollout -> {
                RolloutProgress progress = rollout.cancel(handle.rolloutId());
                if (progress.record().phase() == RolloutPhase.SUCCEEDED) {
                    rollout.revert(handle.rolloutId(), "the deployment was aborted");
                }
                return null;
            });
            done.add(ClusterRollout.describe(handle.rolloutId()) + " rolled back");
        } catch (RuntimeException e) {
            done.add(ClusterRollout.describe(handle.rolloutId()) + " could not be rolled back (" + e.getMessage()
                    + ")");
        }
        if (handle.aliasBefore() != null) {
            try {
                String restored = handle.aliasBefore().restoreIfHeldBy(mlflow, handle.version(), log);
                if (!restored.isEmpty()) {
                    done.add(restored);
                }
            } catch (MlopsException e) {
                done.add("alias " + handle.promoteAlias() + " could not be restored (" + e.getMessage() + ")");
            }
        }
        String summary = String.join("; ", done);
        return summary;
    }

    /** Submits and waits on the scheduler (the CLI); a cancel at any moment ends in {@link #abort}. */
    public DeployResult deploy(DeployRequest request, Cancellation cancellation) {
        DeploySubmission submission = submit(request, cancellation);
        if (submission instanceof DeploySubmission.Finished finished) {
            return finished.result();
        }
        DeployHandle handle = ((DeploySubmission.Pending) submission).handle();
        Wait<RolloutResult> wait = scheduler.resume(handle.waitHandle(), operation(), handle.policy(), log);
        RolloutResult rollout;
        try (Cancellation.Registration stop = cancellation.onCancel(wait::abandon)) {
            rollout = wait.await();
        } catch (RuntimeException e) {
            if (cancellation.isCancelled()) {
                throw MlopsException.aborted(abort(handle), e);
            }
            throw e;
        }
        return complete(handle, rollout, cancellation);
    }

    /** {@link #deploy(DeployRequest, Cancellation)} with no way to cancel. */
    public DeployResult deploy(DeployRequest request) {
        return deploy(request, Cancellation.none());
    }

    private DeployResult complete(DeployHandle handle, RolloutResult rollout, Cancellation cancellation) {
        try {
            return followRegistry(handle.modelName(), handle.version(), handle.releaseVersion(),
                    handle.promoteAlias(), handle.build(), handle.aliasBefore(), rollout, handle.manifests(),
                    cancellation, () -> {
                        String id = handle.rolloutId();
                        withRollout(requireCluster(handle.target()), r -> r.revert(id,
                                "the registry could not follow the deployment"));
                        scheduler.resume(WaitHandle.start(id, handle.policy(), clock), operation(), handle.policy(),
                                log).await();
                    });
        } catch (RuntimeException e) {
            if (cancellation.isCancelled()) {
                throw MlopsException.aborted(abort(handle), e);
            }
            throw e;
        }
    }

    private <T> T withRollout(ClusterAccess access, java.util.function.Function<ClusterRollout, T> action) {
        try (KubernetesClient client = access.connect()) {
            return action.apply(new ClusterRollout(client, smokeTest, new SmokeGate(), clock, log));
        }
    }

    private ClusterAccess requireCluster(DeployTarget target) {
        if (cluster == null) {
            throw MlopsException.input("deploy: no Kubernetes access configured for target " + target.id(),
                    "pass " + KUBECONFIG + ", " + IN_CLUSTER + " or " + KUBE_SERVER);
        }
        return cluster;
    }

    private SmokePlan smokePlan(DeployRequest request, String name) {
        if (request.smokeFile() == null) {
            if (request.smokeGate() != null || request.smokeEndpoint() != null) {
                throw MlopsException.input("smoke test: " + SMOKE_GATE + " and " + SMOKE_ENDPOINT + " need " + SMOKE
                        + " FILE",
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

    private ModelVersion resolve(DeployRequest request, String name, MlflowClient mlflow) {
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
                    "register or promote a version first, or pass " + VERSION));
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
                    + request.promoteAlias(), "deploy a version that passed, or drop " + PROMOTE_ALIAS);
        }
        return version;
    }

    private DeployResult deployLocally(DeployRequest request, DeploymentMetadata metadata, SmokePlan smoke,
                                       Cancellation cancellation) {
        String command = String.join(" ", mlflowCommand) + " models serve -m " + metadata.modelUri()
                + " --env-manager local -h 127.0.0.1 -p <free port>";
        if (request.dryRun()) {
            log.info("deploy: dry run; would run " + command);
            return new DeployResult(metadata.modelName(), metadata.modelVersion(), metadata.release().orElse(null),
                    null, null, command, true);
        }
        LocalDeployment local = new LocalDeployment(mlflowCommand, mlflow.config().toEnvironment(), smokeTest, new SmokeGate(),
                clock, log);
        RolloutResult rollout = local.deploy(metadata, smoke, request.timeout(), cancellation);
        AliasHolders before = request.promoteAlias() == null ? null : AliasHolders.read(mlflow,
                metadata.modelName(), request.promoteAlias());
        try {
            return followRegistry(metadata.modelName(), metadata.modelVersion(), metadata.release().orElse(null),
                    request.promoteAlias(), request.build(), before, rollout, command, cancellation, () -> {
                        // Nothing to revert locally: the server is already stopped.
                    });
        } catch (RuntimeException e) {
            if (cancellation.isCancelled()) {
                String restored = before == null ? "" : before.restoreIfHeldBy(mlflow, metadata.modelVersion(), log);
                throw MlopsException.aborted("model server already stopped" + (restored.isEmpty() ? ""
                        : "; " + restored), e);
            }
            throw e;
        }
    }

    private DeploySubmission submitToCluster(DeployRequest request, DeploymentMetadata metadata, SmokePlan smoke,
                                             Cancellation cancellation) {
        ClusterAccess base = requireCluster(request.target());
        StorageUri storage = request.target() == DeployTarget.KSERVE ? cancellation.abortingOnCancel(
                () -> storageUri(request, metadata, mlflow.cancelledBy(cancellation))) : null;
        ClusterAccess access = base.inNamespace(request.namespace());
        String namespace = access.namespace();
        ServiceName service = serviceName(request, metadata.modelName());
        try (KubernetesClient client = cancellation.abortingOnCancel(() -> access.connect(cancellation))) {
            // The planners' reads run where a cancel interrupts them: fabric8 would wait out its request timeout
            // and retries. A planner that tolerates a failed read may still return a plan after the cancel.
            RolloutPlan plan = cancellation.abortingOnCancel(() -> InterruptOnCancel.call("mlops deploy planning",
                    cancellation, () -> plan(request, metadata, smoke, service, storage, namespace, client)));
            cancellation.throwIfCancelled();
            if (request.dryRun()) {
                log.info("deploy: dry run; nothing applied");
                return new DeploySubmission.Finished(new DeployResult(metadata.modelName(), metadata.modelVersion(),
                        metadata.release().orElse(null), null, null, plan.toYaml(), true));
            }
            AliasHolders before = request.promoteAlias() == null ? null : cancellation.abortingOnCancel(
                    () -> AliasHolders.read(mlflow.cancelledBy(cancellation), metadata.modelName(),
                            request.promoteAlias()));
            cancellation.throwIfCancelled();
            // The rollout keeps its own deadline and rolls back at it; the wait's is a backstop beyond the rollback.
            WaitPolicy policy = waitPolicy.withTimeout(request.timeout().plus(plan.rollbackTimeout())
                    .plus(WAIT_MARGIN));
            String id = new ClusterRollout(client, smokeTest, new SmokeGate(), clock, log).submit(plan);
            DeployHandle handle = new DeployHandle(id, namespace, request.target(), metadata.modelName(),
                    metadata.modelVersion(), metadata.release().orElse(null), request.promoteAlias(),
                    request.build(), plan.toYaml(), before, WaitHandle.start(id, policy, clock), policy);
            // Written now: a cancel that came during the writes rolls them back at once.
            if (cancellation.isCancelled()) {
                throw MlopsException.aborted(abort(handle), null);
            }
            return new DeploySubmission.Pending(handle);
        }
    }

    /** Reads the cluster's objects as they are now; writes nothing. */
    private RolloutPlan plan(DeployRequest request, DeploymentMetadata metadata, SmokePlan smoke, ServiceName service,
                             StorageUri storage, String namespace, KubernetesClient client) {
        ClusterObjects objects = new ClusterObjects(client);
        return (request.target() == DeployTarget.KSERVE
                ? new KServePlanner(objects, new DeploymentModeDetector(client,
                DeploymentModeDetector.KSERVE_NAMESPACES, log), log).plan(kserveManifest(request, namespace,
                service, storage, metadata), request.canaryPercent())
                : new ModelServerPlanner(objects, log).plan(modelServer(request, namespace, service, metadata)))
                .withSmoke(smoke).withTimeouts(request.timeout(), RolloutPlan.DEFAULT_ROLLBACK_TIMEOUT);
    }

    /**
     * On success: alias, then tags. If either fails, the alias is put back where it was and the rollout undone,
     * then the error is thrown.
     */
    private DeployResult followRegistry(String name, String version, String release, String promoteAlias,
                                        BuildInfo build, AliasHolders before, RolloutResult rollout,
                                        String manifests, Cancellation cancellation, Runnable revert) {
        if (!rollout.succeeded()) {
            log.warn("deploy: " + name + " version " + version + " was rolled back (" + rollout.failure() + ")"
                    + (promoteAlias == null ? "" : "; alias " + promoteAlias + " not moved"));
            return new DeployResult(name, version, release, rollout, null, manifests, false);
        }
        AliasMove move = null;
        cancellation.throwIfCancelled();
        try {
            if (promoteAlias != null) {
                move = new PromoteModel(mlflow, log, clock).promote(PromoteRequest.version(name, version)
                        .withAlias(promoteAlias).withBuild(build));
            }
            cancellation.throwIfCancelled();
            DeploymentTags.write(mlflow, name, version, rollout, release == null ? "" : release, build,
                    clock.instant());
            cancellation.throwIfCancelled();
        } catch (MlopsException e) {
            if (e.kind() == ErrorKind.ABORTED) {
                throw e; // the caller undoes cluster and alias in one place
            }
            if (e.kind() == ErrorKind.CONFLICT) {
                throw lostAliasRace(name, version, promoteAlias, e, revert);
            }
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
        return new DeployResult(name, version, release, rollout, move, manifests, false);
    }

    /**
     * Another build moved the promote alias at the same moment and won. Putting the alias back would overwrite the
     * winner's promotion, so only the rollout is undone: the cluster serves what it served before, and the alias
     * (and its {@code previous-} memory, which the winner wrote) stay as the winner left them.
     */
    private MlopsException lostAliasRace(String name, String version, String alias, MlopsException conflict,
                                         Runnable revert) {
        String winner = conflict.facts().get("alias_holder");
        log.warn("deploy: another build moved " + name + "@" + alias + " at the same moment and won; rolling this"
                + " rollout back and leaving the alias to the winner");
        revert.run();
        MlopsException lost = MlopsException.conflict("deploy: " + name + " version " + version + " was deployed,"
                        + " but another build moved " + name + "@" + alias + " to "
                        + (winner == null ? "no version" : "version " + winner) + " at the same moment and won, so"
                        + " this rollout was rolled back; " + name + "@" + alias + " is left to the winner",
                "check which build should win and deploy again");
        conflict.facts().forEach(lost::withFact);
        return lost;
    }

    private static StorageUri storageUri(DeployRequest request, DeploymentMetadata metadata, MlflowClient mlflow) {
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
        DeployRequest.ServingOptions serving = request.serving(); // its image was required by DeployInputs
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

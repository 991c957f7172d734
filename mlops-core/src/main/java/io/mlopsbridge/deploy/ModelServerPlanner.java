package io.mlopsbridge.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlopsbridge.log.BuildLog;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Plans the {@code kubernetes} target's rollout: the Deployment (whose readiness counts) and its Service. */
public final class ModelServerPlanner {
    private final ClusterObjects objects;
    private final BuildLog log;

    public ModelServerPlanner(ClusterObjects objects, BuildLog log) {
        this.objects = Objects.requireNonNull(objects, "objects");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The plan of a rolling update; a canary was refused for this target before (it has no traffic split). */
    public RolloutPlan plan(ModelServerManifests manifests) {
        ObjectRef deployment = ObjectRef.deployment(manifests.namespace(), manifests.name().value());
        ObjectRef service = ObjectRef.service(manifests.namespace(), manifests.name().value());
        Optional<ObjectNode> existingDeployment = objects.get(deployment);
        Optional<ObjectNode> existingService = objects.get(service);
        log.info("Deployment " + deployment.namespace() + "/" + deployment.name() + ": "
                + (existingDeployment.isPresent() ? "rolling update" : "first deployment"));
        return new RolloutPlan(DeployTarget.KUBERNETES, manifests.namespace(), manifests.name(),
                List.of(deployment, service),
                List.of(manifests.deployment(existingDeployment), manifests.service(existingService)),
                null, null, null, null, RolloutPlan.DEFAULT_TIMEOUT, RolloutPlan.DEFAULT_ROLLBACK_TIMEOUT,
                manifests.metadata());
    }
}

package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.CANARY;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns an {@link InferenceServiceManifest} into a {@link RolloutPlan}: reads the service as it is, finds the
 * deployment mode, and decides between a canary (Knative only, and only when there is a previous revision to keep
 * the rest of the traffic) and a full rollout (a rolling update in Standard mode). Reads only; applies nothing.
 */
public final class KServePlanner {
    private final ClusterObjects objects;
    private final DeploymentModeDetector detector;
    private final BuildLog log;

    public KServePlanner(ClusterObjects objects, DeploymentModeDetector detector, BuildLog log) {
        this.objects = Objects.requireNonNull(objects, "objects");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * @param manifest      the service to deploy
     * @param canaryPercent share of traffic for the new revision (1..99, as {@code DeployInputs} requires), or null
     *                      for a full rollout
     */
    public RolloutPlan plan(InferenceServiceManifest manifest, Integer canaryPercent) {
        ObjectRef ref = ObjectRef.inferenceService(manifest.namespace(), manifest.name().value());
        Optional<ObjectNode> existing = objects.get(ref);
        DetectedMode mode = detector.detect(manifest.requestedMode(), existing.map(o -> o));
        log.info("InferenceService " + ref.namespace() + "/" + ref.name() + ": " + mode.mode() + " mode ("
                + mode.source() + "), " + (existing.isPresent() ? "update" : "first deployment"));
        Integer canary = canaryPercent;
        if (canary != null && mode.mode() != DeploymentMode.KNATIVE) {
            throw MlopsException.input("canary: InferenceService " + ref.name() + " runs in Standard (RawDeployment)"
                            + " mode, which has no revisions to split traffic between (" + mode.source() + ")",
                    "drop " + CANARY + " for a rolling update, or run the service in Knative (Serverless) mode");
        }
        if (canary != null && existing.isEmpty()) {
            log.warn("canary: first deployment of " + ref.name() + ", so there is no previous revision to keep the"
                    + " other " + (100 - canary) + "%; deploying to all traffic");
            canary = null;
        }
        ObjectNode desired = manifest.withCanaryTrafficPercent(canary).build(existing.map(o -> o));
        ObjectNode promotion = canary == null ? null : InferenceServiceManifest.promoted(desired);
        return new RolloutPlan(DeployTarget.KSERVE, manifest.namespace(), manifest.name(), List.of(ref),
                List.of(desired), promotion, canary, mode, null, RolloutPlan.DEFAULT_TIMEOUT,
                RolloutPlan.DEFAULT_ROLLBACK_TIMEOUT, manifest.metadata());
    }
}

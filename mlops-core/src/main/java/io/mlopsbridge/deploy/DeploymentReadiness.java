package io.mlopsbridge.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * Decides from a Deployment's status whether its rollout is complete, with the rules of
 * {@code kubectl rollout status}: the current generation is observed, every replica is updated, the old ones are
 * gone and the updated ones are available. A rollout whose progress deadline passed, or whose new pods cannot pull
 * their image or keep crashing, has failed.
 */
final class DeploymentReadiness {
    /** Container waiting reasons that do not go away by waiting. */
    static final Set<String> FATAL_WAITING_REASONS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError");

    private DeploymentReadiness() {
    }

    /**
     * @param deployment the Deployment as read now, or empty when it is gone
     * @param newPods    pods of the version being rolled out
     * @param endpoint   the Service's base URL
     */
    static Readiness check(Optional<? extends JsonNode> deployment, Iterable<? extends JsonNode> newPods,
                           String endpoint) {
        if (deployment.isEmpty()) {
            return Readiness.failed("the Deployment was deleted while rolling out");
        }
        JsonNode object = deployment.get();
        JsonNode status = object.path("status");
        for (JsonNode condition : status.path("conditions")) {
            if ("Progressing".equals(condition.path("type").asText())
                    && "ProgressDeadlineExceeded".equals(condition.path("reason").asText())) {
                return Readiness.failed("ProgressDeadlineExceeded: " + condition.path("message").asText(""));
            }
        }
        for (JsonNode pod : newPods) {
            for (JsonNode container : pod.path("status").path("containerStatuses")) {
                String reason = container.path("state").path("waiting").path("reason").asText("");
                if (FATAL_WAITING_REASONS.contains(reason)) {
                    return Readiness.failed("pod " + pod.path("metadata").path("name").asText() + ": " + reason
                            + ": " + container.path("state").path("waiting").path("message").asText(""));
                }
            }
        }
        long generation = object.path("metadata").path("generation").asLong(0);
        long observed = status.path("observedGeneration").asLong(0);
        long wanted = object.path("spec").path("replicas").asLong(1);
        long updated = status.path("updatedReplicas").asLong(0);
        long total = status.path("replicas").asLong(0);
        long available = status.path("availableReplicas").asLong(0);
        if (observed < generation) {
            return Readiness.pending("generation " + generation + " not yet observed");
        }
        if (updated < wanted) {
            return Readiness.pending(updated + " of " + wanted + " replicas updated");
        }
        if (total > updated) {
            return Readiness.pending((total - updated) + " old replicas pending termination");
        }
        if (available < updated) {
            return Readiness.pending(available + " of " + updated + " updated replicas available");
        }
        return Readiness.ready(updated + " of " + wanted + " replicas updated and available", endpoint);
    }
}

package io.mlopsbridge.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Decides from an InferenceService's status whether the spec last written serves. Ready means: the controller
 * has observed the current generation, {@code Ready} is True, and in Knative mode the newest revision is the
 * ready one and holds the expected share of traffic (all of it, or the canary's percentage). A failed model load
 * or revision fails at once instead of waiting for the deadline.
 */
final class InferenceServiceReadiness {
    private InferenceServiceReadiness() {
    }

    /**
     * @param object        the InferenceService as read now, or empty when it is gone
     * @param canaryPercent the traffic share the newest revision should have; null for all traffic
     */
    static Readiness check(Optional<? extends JsonNode> object, Integer canaryPercent) {
        if (object.isEmpty()) {
            return Readiness.failed("the InferenceService was deleted while rolling out");
        }
        InferenceServiceStatus status = InferenceServiceStatus.of(object.get());
        String summary = status.summary();
        if (status.current() && status.failure().isPresent()) {
            return Readiness.failed(status.failure().get());
        }
        if (!status.isReady()) {
            return Readiness.pending(summary);
        }
        if (!status.latestCreatedRevision().isEmpty()
                && !status.latestCreatedRevision().equals(status.latestReadyRevision())) {
            return Readiness.pending(summary);
        }
        long expected = canaryPercent == null ? 100 : canaryPercent;
        Optional<Long> latestShare = status.latestRevisionPercent();
        if (!status.traffic().isEmpty() && latestShare.orElse(0L) != expected) {
            return Readiness.pending(summary + " (waiting for " + expected + "% on the newest revision)");
        }
        String endpoint = canaryPercent != null && canaryPercent > 0
                ? status.latestRevisionUrl().orElse(status.url()) : status.url();
        if (endpoint.isEmpty()) {
            endpoint = object.get().path("status").path("address").path("url").asText("");
        }
        return Readiness.ready(summary, endpoint.isEmpty() ? null : endpoint);
    }
}

package io.mlopsbridge.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What KServe reports about an InferenceService ({@code status}, see KServe's inference_service_status.go).
 * Revisions and traffic are filled only in Knative mode.
 *
 * @param generation                {@code metadata.generation}: bumped by every spec change
 * @param observedGeneration        the generation the controller has reconciled; status is stale until it catches up
 * @param ready                     the {@code Ready} condition's status: True, False, Unknown, or empty
 * @param readyReason               the {@code Ready} condition's reason, or empty
 * @param readyMessage              the {@code Ready} condition's message, or empty
 * @param url                       the external URL, or empty
 * @param deploymentMode            the mode the controller chose, or empty
 * @param latestCreatedRevision     the newest predictor revision (Knative)
 * @param latestReadyRevision       the newest ready predictor revision (Knative)
 * @param latestRolledoutRevision   the revision that last got all traffic (Knative)
 * @param traffic                   the predictor's traffic split (Knative)
 * @param failure                   why the model failed to load or the revision failed, if it did
 */
public record InferenceServiceStatus(long generation, long observedGeneration, String ready, String readyReason,
                                     String readyMessage, String url, String deploymentMode,
                                     String latestCreatedRevision, String latestReadyRevision,
                                     String latestRolledoutRevision, List<TrafficTarget> traffic,
                                     Optional<String> failure) {

    /**
     * Model states after which waiting is pointless (KServe's {@code modelStatus.transitionStatus}); Knative's
     * {@code RevisionFailed} reason means the same for a revision.
     */
    private static final Set<String> FAILED_TRANSITIONS = Set.of("BlockedByFailedLoad", "InvalidSpec");

    /** One entry of {@code status.components.predictor.traffic} (Knative's TrafficTarget). */
    public record TrafficTarget(String revisionName, long percent, boolean latestRevision, String tag, String url) {
    }

    public static InferenceServiceStatus of(JsonNode object) {
        JsonNode status = object.path("status");
        JsonNode readyCondition = condition(status, "Ready");
        JsonNode predictor = status.path("components").path("predictor");
        List<TrafficTarget> traffic = new ArrayList<>();
        for (JsonNode t : predictor.path("traffic")) {
            traffic.add(new TrafficTarget(t.path("revisionName").asText(""), t.path("percent").asLong(0),
                    t.path("latestRevision").asBoolean(false), t.path("tag").asText(""), t.path("url").asText("")));
        }
        return new InferenceServiceStatus(
                object.path("metadata").path("generation").asLong(0),
                status.path("observedGeneration").asLong(0),
                readyCondition.path("status").asText(""),
                readyCondition.path("reason").asText(""),
                readyCondition.path("message").asText(""),
                status.path("url").asText(""),
                status.path("deploymentMode").asText(""),
                predictor.path("latestCreatedRevision").asText(""),
                predictor.path("latestReadyRevision").asText(""),
                predictor.path("latestRolledoutRevision").asText(""),
                List.copyOf(traffic),
                failureOf(status));
    }

    private static JsonNode condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static Optional<String> failureOf(JsonNode status) {
        JsonNode modelStatus = status.path("modelStatus");
        if (FAILED_TRANSITIONS.contains(modelStatus.path("transitionStatus").asText())) {
            JsonNode info = modelStatus.path("lastFailureInfo");
            String detail = join(info.path("reason").asText(""), info.path("message").asText(""));
            return Optional.of(modelStatus.path("transitionStatus").asText()
                    + (detail.isEmpty() ? "" : ": " + detail));
        }
        for (JsonNode c : status.path("conditions")) {
            if ("False".equals(c.path("status").asText()) && "RevisionFailed".equals(c.path("reason").asText())) {
                return Optional.of(join(c.path("type").asText() + " RevisionFailed", c.path("message").asText("")));
            }
        }
        return Optional.empty();
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : a + ": " + b;
    }

    /** True once the controller has looked at the current spec; before that, conditions describe an older one. */
    public boolean current() {
        return observedGeneration >= generation && generation > 0;
    }

    public boolean isReady() {
        return current() && "True".equals(ready);
    }

    /** The URL of the revision tagged {@code latest} (tag routing), which receives only the canary's traffic. */
    public Optional<String> latestRevisionUrl() {
        return traffic.stream().filter(t -> "latest".equals(t.tag()) && !t.url().isEmpty())
                .map(TrafficTarget::url).findFirst();
    }

    /** The share of traffic going to the latest ready revision, if KServe reports a split. */
    public Optional<Long> latestRevisionPercent() {
        return traffic.stream().filter(TrafficTarget::latestRevision).map(TrafficTarget::percent).findFirst();
    }

    /** One line for the build log, e.g. {@code Ready=False (RevisionMissing: ...), revision foo-00002}. */
    public String summary() {
        StringBuilder line = new StringBuilder();
        line.append("Ready=").append(ready.isEmpty() ? "not reported" : ready);
        if (!current()) {
            line.append(" (generation ").append(generation).append(" not yet observed)");
        } else if (!readyReason.isEmpty()) {
            line.append(" (").append(join(readyReason, readyMessage)).append(")");
        }
        if (!latestCreatedRevision.isEmpty()) {
            line.append(", latest revision ").append(latestCreatedRevision)
                    .append(latestCreatedRevision.equals(latestReadyRevision) ? " ready" : " not ready");
        }
        if (!traffic.isEmpty()) {
            line.append(", traffic");
            traffic.forEach(t -> line.append(' ').append(t.revisionName().isEmpty() ? "latest" : t.revisionName())
                    .append('=').append(t.percent()).append('%'));
        }
        return line.toString();
    }
}

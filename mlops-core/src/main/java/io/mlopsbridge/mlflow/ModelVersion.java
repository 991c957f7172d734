package io.mlopsbridge.mlflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One version of a registered model. {@code version} is a decimal string assigned by the server; {@code status}
 * is {@code PENDING_REGISTRATION}, {@code READY} or {@code FAILED_REGISTRATION}; {@code modelId} names the MLflow 3
 * logged model the version was created from, when the server reports it (3.18 does not yet; its {@code source} is
 * then {@code models:/<model id>}). {@code aliases} may be empty in search results (MLflow does not
 * always fill them there); {@code registered-models/get} is authoritative.
 */
public record ModelVersion(String name, String version, Long creationTimestamp, Long lastUpdatedTimestamp,
                           String description, String source, String runId, String status, String statusMessage,
                           List<Tag> tags, List<String> aliases, String modelId) {
    public static final String READY = "READY";
    public static final String PENDING_REGISTRATION = "PENDING_REGISTRATION";
    public static final String FAILED_REGISTRATION = "FAILED_REGISTRATION";

    public ModelVersion {
        tags = Tag.orEmpty(tags);
        aliases = Tag.orEmpty(aliases);
    }

    public boolean isReady() {
        return READY.equals(status);
    }

    public boolean isFailed() {
        return FAILED_REGISTRATION.equals(status);
    }

    public Map<String, String> tagValues() {
        return Tag.toMap(tags);
    }

    public Optional<String> tag(String key) {
        return Optional.ofNullable(tagValues().get(key));
    }

    /** The version as a number, for ordering ("10" sorts after "9"). */
    public long versionNumber() {
        return Long.parseLong(version);
    }
}

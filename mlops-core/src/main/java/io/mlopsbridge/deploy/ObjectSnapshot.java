package io.mlopsbridge.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An object as it was before a deployment wrote it, kept to restore it exactly: its spec, labels and annotations,
 * or the fact that it did not exist (so a rollback deletes it).
 *
 * @param ref  the object
 * @param json the object's JSON without server-filled fields, or null when it did not exist
 */
public record ObjectSnapshot(ObjectRef ref, String json) implements Serializable {
    /** Fields the API server fills in; a restore must not send stale values of them. */
    private static final List<String> SERVER_METADATA = List.of("resourceVersion", "uid", "creationTimestamp",
            "generation", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");
    private static final ObjectMapper JSON = new ObjectMapper();

    public ObjectSnapshot {
        Objects.requireNonNull(ref, "ref");
    }

    /** The snapshot of {@code current}, the object as read from the cluster, or of its absence. */
    public static ObjectSnapshot of(ObjectRef ref, Optional<? extends JsonNode> current) {
        return new ObjectSnapshot(ref, current.map(ObjectSnapshot::withoutServerFields).map(JsonNode::toString)
                .orElse(null));
    }

    public boolean existed() {
        return json != null;
    }

    /** The object to write back; empty when it did not exist. */
    public Optional<ObjectNode> object() {
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode withoutServerFields(JsonNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove("status");
        JsonNode metadata = copy.path("metadata");
        if (metadata.isObject()) {
            SERVER_METADATA.forEach(((ObjectNode) metadata)::remove);
        }
        return copy;
    }
}

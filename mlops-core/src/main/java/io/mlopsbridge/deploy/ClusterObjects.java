package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.DRY_RUN;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.OneLine;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes whole Kubernetes objects as JSON trees. Writes replace the object (HTTP PUT with the current
 * resourceVersion) so that what is written is exactly what the object becomes; a concurrent change makes the
 * write fail with a conflict instead of being silently merged. Errors become {@link MlopsException}s that keep
 * the API server's HTTP code and reason.
 */
public final class ClusterObjects {
    /** A conflict means someone wrote in between; re-reading and writing again is safe for whole-object writes. */
    private static final int CONFLICT_RETRIES = 3;

    private final KubernetesClient client;

    public ClusterObjects(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public KubernetesClient client() {
        return client;
    }

    /** The object as it is now, or empty when it does not exist. */
    public Optional<ObjectNode> get(ObjectRef ref) {
        try {
            GenericKubernetesResource found = client.genericKubernetesResources(ref.context())
                    .inNamespace(ref.namespace()).withName(ref.name()).get();
            return Optional.ofNullable(found).map(r -> (ObjectNode) Serialization.jsonMapper().valueToTree(r));
        } catch (KubernetesClientException e) {
            throw remote("read", ref, e);
        }
    }

    /**
     * Creates the object or replaces it, and returns it as stored. The status of an existing object is carried
     * over: the API server ignores status on writes to the main resource anyway.
     */
    public ObjectNode write(ObjectRef ref, ObjectNode manifest) {
        for (int attempt = 1; ; attempt++) {
            Optional<ObjectNode> current = get(ref);
            ObjectNode body = ObjectSnapshot.withoutServerFields(manifest);
            current.ifPresent(c -> {
                ((ObjectNode) body.path("metadata")).put("resourceVersion",
                        c.path("metadata").path("resourceVersion").asText());
                if (c.has("status")) {
                    body.set("status", c.get("status").deepCopy());
                }
            });
            GenericKubernetesResource resource = Serialization.jsonMapper().convertValue(body,
                    GenericKubernetesResource.class);
            try {
                var operation = client.genericKubernetesResources(ref.context()).inNamespace(ref.namespace())
                        .resource(resource);
                GenericKubernetesResource stored = current.isPresent() ? operation.update() : operation.create();
                return Serialization.jsonMapper().valueToTree(stored);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 && attempt < CONFLICT_RETRIES) {
                    continue;
                }
                throw remote(current.isPresent() ? "update" : "create", ref, e);
            }
        }
    }

    /** Deletes the object; nothing happens when it does not exist. */
    public void delete(ObjectRef ref) {
        try {
            client.genericKubernetesResources(ref.context()).inNamespace(ref.namespace()).withName(ref.name())
                    .delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw remote("delete", ref, e);
            }
        }
    }

    /** Puts an object back as the snapshot recorded it, or deletes it when it did not exist before. */
    public void restore(ObjectSnapshot snapshot) {
        Optional<ObjectNode> previous = snapshot.object();
        if (previous.isPresent()) {
            write(snapshot.ref(), previous.get());
        } else {
            delete(snapshot.ref());
        }
    }

    static MlopsException remote(String action, ObjectRef ref, KubernetesClientException e) {
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : e.getMessage();
        String code = e.getCode() > 0 ? "HTTP " + e.getCode() : "no response";
        String hint = switch (e.getCode()) {
            case 401 -> "the Kubernetes credentials were refused; check the token or kubeconfig";
            case 403 -> "the account may not " + action + " " + ref.plural() + " in namespace " + ref.namespace()
                    + "; grant it with a Role (kubectl auth can-i " + action + " " + ref.plural() + ")";
            case 404 -> ref.kind().equals(InferenceServiceManifest.KIND)
                    ? "is KServe installed? (kubectl get crd inferenceservices.serving.kserve.io)"
                    : "check the namespace";
            case 409 -> "someone else changed " + ref + " at the same time; run the deployment again";
            case 422 -> "the cluster rejected the manifest; compare it with " + DRY_RUN + " output";
            case 0 -> "check the API server URL and that it is reachable from this machine";
            default -> "see the API server's message";
        };
        return MlopsException.remote("Kubernetes: cannot " + action + " " + ref + ": " + OneLine.of(reason),
                hint, code, e);
    }

    /** Reads JSON as a tree, for callers holding a fabric8 object. */
    static JsonNode tree(Object kubernetesObject) {
        return Serialization.jsonMapper().valueToTree(kubernetesObject);
    }
}

package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.CANARY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.mlopsbridge.core.MlopsException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The InferenceService that serves one MLflow model version: {@code modelFormat: mlflow}, {@code protocolVersion:
 * v2} and the version's storage URI, with resources, service account, and labels and annotations naming the model
 * version and release. Immutable; the {@code with...} methods return changed copies.
 *
 * <p>When the service already exists, {@link #build} changes only the fields it owns and keeps the rest (replica
 * counts, a transformer, node selectors someone set by hand), the way {@code kubectl apply} of a partial manifest
 * would.
 */
public final class InferenceServiceManifest {
    public static final String API_VERSION = "serving.kserve.io/v1beta1";
    public static final String KIND = "InferenceService";
    /** The model format this tool deploys; KServe picks a runtime that supports it (MLServer). */
    static final String MODEL_FORMAT = "mlflow";
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("serving.kserve.io").withVersion("v1beta1").withPlural("inferenceservices")
            .withKind(KIND).withNamespaced(true).build();
    /** Gives the canary revision its own {@code latest-} URL, so a smoke test reaches the canary only. */
    public static final String TAG_ROUTING = "serving.kserve.io/enable-tag-routing";

    /**
     * Older per-framework predictor fields. KServe rejects a predictor that has one of them besides {@code model},
     * so they are removed when an existing service is switched to the generic {@code model} field.
     */
    private static final List<String> FRAMEWORK_PREDICTORS = List.of("sklearn", "xgboost", "tensorflow", "pytorch",
            "triton", "onnx", "pmml", "lightgbm", "paddle", "huggingface");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceName name;
    private final String namespace;
    private final StorageUri storageUri;
    private final DeploymentMetadata metadata;
    private final ServingResources resources;
    private final String serviceAccount;
    private final Integer canaryTrafficPercent;
    private final DeploymentMode requestedMode;

    private InferenceServiceManifest(ServiceName name, String namespace, StorageUri storageUri,
                                     DeploymentMetadata metadata, ServingResources resources, String serviceAccount,
                                     Integer canaryTrafficPercent, DeploymentMode requestedMode) {
        this.name = Objects.requireNonNull(name, "name");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.storageUri = Objects.requireNonNull(storageUri, "storageUri");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.resources = Objects.requireNonNull(resources, "resources");
        this.serviceAccount = serviceAccount;
        this.canaryTrafficPercent = canaryTrafficPercent;
        this.requestedMode = requestedMode;
    }

    /** A manifest with default resources, the namespace's default service account and no canary. */
    public static InferenceServiceManifest of(ServiceName name, String namespace, StorageUri storageUri,
                                              DeploymentMetadata metadata) {
        return new InferenceServiceManifest(name, namespace, storageUri, metadata, ServingResources.defaults(),
                null, null, null);
    }

    public InferenceServiceManifest withResources(ServingResources value) {
        return new InferenceServiceManifest(name, namespace, storageUri, metadata, value, serviceAccount,
                canaryTrafficPercent, requestedMode);
    }

    /** The service account whose secrets let the storage initializer read the bucket (KServe's S3 pattern). */
    public InferenceServiceManifest withServiceAccount(String value) {
        return new InferenceServiceManifest(name, namespace, storageUri, metadata, resources,
                value == null || value.isBlank() ? null : value.strip(), canaryTrafficPercent, requestedMode);
    }

    /** Sends {@code percent} of the traffic to the new revision; null for a full rollout. */
    public InferenceServiceManifest withCanaryTrafficPercent(Integer percent) {
        if (percent != null && (percent < 0 || percent > 100)) {
            throw MlopsException.input("canary: " + percent + " % is not a percentage",
                    "pass " + CANARY + " with a value from 1 to 99");
        }
        return new InferenceServiceManifest(name, namespace, storageUri, metadata, resources, serviceAccount,
                percent, requestedMode);
    }

    /** Pins the deployment mode with KServe's annotation instead of the cluster default. */
    public InferenceServiceManifest withDeploymentMode(DeploymentMode mode) {
        return new InferenceServiceManifest(name, namespace, storageUri, metadata, resources, serviceAccount,
                canaryTrafficPercent, mode);
    }

    public ServiceName name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public StorageUri storageUri() {
        return storageUri;
    }

    public DeploymentMetadata metadata() {
        return metadata;
    }

    public Optional<Integer> canaryTrafficPercent() {
        return Optional.ofNullable(canaryTrafficPercent);
    }

    public Optional<DeploymentMode> requestedMode() {
        return Optional.ofNullable(requestedMode);
    }

    /**
     * The object to write: this manifest laid over {@code existing} (the service as it is now), or a new object.
     * Server-filled metadata (resourceVersion, uid, status) is left out.
     */
    public ObjectNode build(Optional<JsonNode> existing) {
        ObjectNode object = JSON.createObjectNode();
        object.put("apiVersion", API_VERSION);
        object.put("kind", KIND);
        ObjectNode annotations = (ObjectNode) metadata.writeObjectMeta(object, name, namespace, existing)
                .get("annotations");
        if (requestedMode != null) {
            annotations.put(DeploymentMode.ANNOTATION, requestedMode.annotationValue());
        }
        if (canaryTrafficPercent != null) {
            annotations.put(TAG_ROUTING, "true");
        }

        ObjectNode spec = existing.map(e -> e.path("spec")).filter(JsonNode::isObject)
                .map(s -> (ObjectNode) s.deepCopy()).orElseGet(JSON::createObjectNode);
        object.set("spec", spec);
        ObjectNode predictor = spec.path("predictor").isObject()
                ? (ObjectNode) spec.get("predictor") : spec.putObject("predictor");
        FRAMEWORK_PREDICTORS.forEach(predictor::remove);
        ObjectNode model = predictor.path("model").isObject()
                ? (ObjectNode) predictor.get("model") : predictor.putObject("model");
        if (!MODEL_FORMAT.equals(model.path("modelFormat").path("name").asText(MODEL_FORMAT))) {
            // A runtime pinned for the old format (kserve-sklearnserver) cannot serve mlflow: let KServe pick one.
            model.remove("runtime");
        }
        model.putObject("modelFormat").put("name", MODEL_FORMAT);
        model.put("protocolVersion", "v2");
        model.put("storageUri", storageUri.value());
        model.set("resources", JSON.valueToTree(resources.asContainerResources()));
        if (serviceAccount != null) {
            predictor.put("serviceAccountName", serviceAccount);
        }
        if (canaryTrafficPercent != null) {
            predictor.put("canaryTrafficPercent", canaryTrafficPercent.longValue());
        } else {
            predictor.remove("canaryTrafficPercent");
        }
        return object;
    }

    /** Copies {@code manifest} with the canary field removed: the promotion of a canary to all traffic. */
    public static ObjectNode promoted(JsonNode manifest) {
        ObjectNode copy = manifest.deepCopy();
        JsonNode predictor = copy.path("spec").path("predictor");
        if (predictor.isObject()) {
            ((ObjectNode) predictor).remove("canaryTrafficPercent");
        }
        return copy;
    }

    /** Labels selecting everything deployed for this model, for {@code kubectl get -l}. */
    public Map<String, String> selector() {
        return Map.of(DeploymentMetadata.APP_NAME, name.value(), DeploymentMetadata.MANAGED_BY,
                DeploymentMetadata.MANAGER);
    }
}

package io.mlopsbridge.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a deployment carries so that the cluster can be read back: which model version, from which release and
 * build, when. Written as labels (selectable with {@code kubectl get -l}) and annotations (full values).
 *
 * @param modelName      the registered model's name in MLflow
 * @param modelVersion   the model version number in MLflow
 * @param releaseVersion the release version shared with the code (e.g. {@code 1.4.2} or a git SHA); may be null
 * @param buildUrl       the CI build that deployed it; may be null
 * @param deployedAt     when the deployment was started
 */
public record DeploymentMetadata(String modelName, String modelVersion, String releaseVersion, String buildUrl,
                                 Instant deployedAt) {
    public static final String PREFIX = "mlops-bridge.io/";
    public static final String MODEL_NAME = PREFIX + "model-name";
    public static final String MODEL_VERSION = PREFIX + "model-version";
    public static final String MODEL_URI = PREFIX + "model-uri";
    public static final String RELEASE = PREFIX + "release";
    public static final String BUILD_URL = PREFIX + "build-url";
    public static final String DEPLOYED_AT = PREFIX + "deployed-at";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String APP_NAME = "app.kubernetes.io/name";
    public static final String MANAGER = "mlops-bridge";

    public DeploymentMetadata {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(deployedAt, "deployedAt");
    }

    public Optional<String> release() {
        return Optional.ofNullable(releaseVersion).filter(s -> !s.isBlank());
    }

    /** {@code models:/<name>/<version>}, the registry URI of the deployed version. */
    public String modelUri() {
        return "models:/" + modelName + "/" + modelVersion;
    }

    /**
     * Writes {@code object}'s {@code metadata}: name, namespace, and the labels and annotations of {@code existing}
     * (the object as it is in the cluster) with this deployment's laid over them, so other tools' keys survive.
     * Returns the metadata node for kind-specific additions.
     */
    ObjectNode writeObjectMeta(ObjectNode object, ServiceName service, String namespace,
                               Optional<? extends JsonNode> existing) {
        ObjectNode meta = object.putObject("metadata");
        meta.put("name", service.value());
        meta.put("namespace", namespace);
        ObjectNode labels = meta.putObject("labels");
        ObjectNode annotations = meta.putObject("annotations");
        existing.map(e -> e.path("metadata").path("labels")).filter(JsonNode::isObject)
                .ifPresent(l -> labels.setAll((ObjectNode) l.deepCopy()));
        existing.map(e -> e.path("metadata").path("annotations")).filter(JsonNode::isObject)
                .ifPresent(a -> annotations.setAll((ObjectNode) a.deepCopy()));
        labels(service).forEach(labels::put);
        annotations().forEach(annotations::put);
        return meta;
    }

    /** Labels for the serving objects; values are cut to what Kubernetes allows in a label. */
    public Map<String, String> labels(ServiceName service) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(APP_NAME, service.value());
        labels.put(MANAGED_BY, MANAGER);
        labels.put(MODEL_NAME, labelValue(modelName));
        labels.put(MODEL_VERSION, labelValue(modelVersion));
        release().ifPresent(r -> labels.put(RELEASE, labelValue(r)));
        labels.values().removeIf(String::isEmpty);
        return labels;
    }

    /** Annotations with the exact values, which labels may have had to shorten. */
    public Map<String, String> annotations() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(MODEL_NAME, modelName);
        annotations.put(MODEL_VERSION, modelVersion);
        annotations.put(MODEL_URI, modelUri());
        release().ifPresent(r -> annotations.put(RELEASE, r));
        if (buildUrl != null && !buildUrl.isBlank()) {
            annotations.put(BUILD_URL, buildUrl);
        }
        annotations.put(DEPLOYED_AT, deployedAt.toString());
        return annotations;
    }

    /** A label value: at most 63 characters of {@code [A-Za-z0-9-_.]}, starting and ending alphanumeric. */
    static String labelValue(String text) {
        String value = text.replaceAll("[^A-Za-z0-9._-]", "-");
        if (value.length() > 63) {
            value = value.substring(0, 63);
        }
        return value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }
}

package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.IMAGE;
import static io.mlopsbridge.deploy.DeployInputNames.REPLICAS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlopsbridge.core.MlopsException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Deployment and Service for the {@code kubernetes} target: MLflow's scoring server ({@code /ping},
 * {@code /invocations}) in a user-given image, updated by a rolling update that never drops below the wanted
 * number of ready replicas. By default the container runs {@code mlflow models serve} on the registry URI, so any
 * image with MLflow and the model's libraries works; an image built with {@code mlflow models build-docker}
 * already serves its model and keeps its own command ({@link #withImageServesModel}). Immutable.
 */
public final class ModelServerManifests {
    /** MLflow's scoring server port in images from {@code mlflow models build-docker}; used for both kinds. */
    public static final int PORT = 8080;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceName name;
    private final String namespace;
    private final String image;
    private final DeploymentMetadata metadata;
    private final int replicas;
    private final ServingResources resources;
    private final String serviceAccount;
    private final String trackingUri;
    private final String envSecret;
    private final boolean imageServesModel;

    private ModelServerManifests(ServiceName name, String namespace, String image, DeploymentMetadata metadata,
                                 int replicas, ServingResources resources, String serviceAccount, String trackingUri,
                                 String envSecret, boolean imageServesModel) {
        this.name = Objects.requireNonNull(name, "name");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw MlopsException.input("image: '" + image + "' is not a container image reference",
                    "pass " + IMAGE + " with an image that has MLflow and the model's libraries,"
                            + " e.g. registry.example.com/ml/fraud-serving:1.4.2");
        }
        if (replicas < 1) {
            throw MlopsException.input("replicas: " + replicas + " must be at least 1",
                    "pass " + REPLICAS + " 1 or more");
        }
        this.image = image.strip();
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.replicas = replicas;
        this.resources = Objects.requireNonNull(resources, "resources");
        this.serviceAccount = serviceAccount;
        this.trackingUri = trackingUri;
        this.envSecret = envSecret;
        this.imageServesModel = imageServesModel;
    }

    public static ModelServerManifests of(ServiceName name, String namespace, String image,
                                          DeploymentMetadata metadata) {
        return new ModelServerManifests(name, namespace, image, metadata, 1, ServingResources.defaults(), null, null,
                null, false);
    }

    public ModelServerManifests withReplicas(int value) {
        return new ModelServerManifests(name, namespace, image, metadata, value, resources, serviceAccount,
                trackingUri, envSecret, imageServesModel);
    }

    public ModelServerManifests withResources(ServingResources value) {
        return new ModelServerManifests(name, namespace, image, metadata, replicas, value, serviceAccount,
                trackingUri, envSecret, imageServesModel);
    }

    public ModelServerManifests withServiceAccount(String value) {
        return new ModelServerManifests(name, namespace, image, metadata, replicas, resources, blankToNull(value),
                trackingUri, envSecret, imageServesModel);
    }

    /** The tracking server as the pod reaches it, set as {@code MLFLOW_TRACKING_URI} to resolve {@code models:/}. */
    public ModelServerManifests withTrackingUri(String value) {
        return new ModelServerManifests(name, namespace, image, metadata, replicas, resources, serviceAccount,
                blankToNull(value), envSecret, imageServesModel);
    }

    /**
     * A Secret whose keys become environment variables: MLflow and object-store credentials
     * ({@code MLFLOW_TRACKING_TOKEN}, {@code AWS_ACCESS_KEY_ID}...). Secrets never appear in the manifest itself.
     */
    public ModelServerManifests withEnvFromSecret(String value) {
        return new ModelServerManifests(name, namespace, image, metadata, replicas, resources, serviceAccount,
                trackingUri, blankToNull(value), imageServesModel);
    }

    /** The image already serves the model on port 8080 ({@code mlflow models build-docker}); keep its command. */
    public ModelServerManifests withImageServesModel(boolean value) {
        return new ModelServerManifests(name, namespace, image, metadata, replicas, resources, serviceAccount,
                trackingUri, envSecret, value);
    }

    public ServiceName name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public DeploymentMetadata metadata() {
        return metadata;
    }

    private Map<String, String> selector() {
        return Map.of(DeploymentMetadata.APP_NAME, name.value(), DeploymentMetadata.MANAGED_BY,
                DeploymentMetadata.MANAGER);
    }

    /** The Deployment; labels and annotations of an existing one are kept unless this one sets them. */
    public ObjectNode deployment(Optional<? extends JsonNode> existing) {
        ObjectNode object = JSON.createObjectNode();
        object.put("apiVersion", "apps/v1");
        object.put("kind", "Deployment");
        metadata(object, existing);
        ObjectNode spec = object.putObject("spec");
        spec.put("replicas", replicas);
        spec.putObject("selector").set("matchLabels", JSON.valueToTree(selector()));
        ObjectNode strategy = spec.putObject("strategy");
        strategy.put("type", "RollingUpdate");
        // A new pod must be ready before an old one goes: the served capacity never drops during a rollout.
        strategy.putObject("rollingUpdate").put("maxSurge", 1).put("maxUnavailable", 0);
        ObjectNode template = spec.putObject("template");
        ObjectNode templateMeta = template.putObject("metadata");
        templateMeta.set("labels", JSON.valueToTree(metadata.labels(name)));
        templateMeta.set("annotations", JSON.valueToTree(metadata.annotations()));
        ObjectNode podSpec = template.putObject("spec");
        if (serviceAccount != null) {
            podSpec.put("serviceAccountName", serviceAccount);
        }
        ObjectNode container = podSpec.putArray("containers").addObject();
        container.put("name", "model-server");
        container.put("image", image);
        if (!imageServesModel) {
            ArrayNode command = container.putArray("command");
            List.of("mlflow", "models", "serve", "-m", metadata.modelUri(), "--env-manager", "local",
                    "-h", "0.0.0.0", "-p", String.valueOf(PORT)).forEach(command::add);
        }
        ArrayNode env = container.putArray("env");
        if (trackingUri != null) {
            env.addObject().put("name", "MLFLOW_TRACKING_URI").put("value", trackingUri);
        }
        env.addObject().put("name", "MLOPS_MODEL_URI").put("value", metadata.modelUri());
        if (envSecret != null) {
            container.putArray("envFrom").addObject().putObject("secretRef").put("name", envSecret);
        }
        container.putArray("ports").addObject().put("name", "http").put("containerPort", PORT)
                .put("protocol", "TCP");
        container.set("resources", JSON.valueToTree(resources.asContainerResources()));
        // Loading a model (and, for models:/, downloading it) can take minutes; the startup probe allows ten.
        container.set("startupProbe", probe(5, 120));
        container.set("readinessProbe", probe(5, 3));
        container.set("livenessProbe", probe(10, 3));
        return object;
    }

    /** The ClusterIP Service on port 80; an existing one keeps its cluster IP, which cannot change. */
    public ObjectNode service(Optional<? extends JsonNode> existing) {
        ObjectNode object = JSON.createObjectNode();
        object.put("apiVersion", "v1");
        object.put("kind", "Service");
        metadata(object, existing);
        ObjectNode spec = object.putObject("spec");
        spec.put("type", "ClusterIP");
        existing.map(e -> e.path("spec")).ifPresent(s -> {
            if (s.has("clusterIP")) {
                spec.set("clusterIP", s.get("clusterIP").deepCopy());
            }
            if (s.has("clusterIPs")) {
                spec.set("clusterIPs", s.get("clusterIPs").deepCopy());
            }
        });
        spec.set("selector", JSON.valueToTree(selector()));
        spec.putArray("ports").addObject().put("name", "http").put("port", 80).put("targetPort", "http")
                .put("protocol", "TCP");
        return object;
    }

    private void metadata(ObjectNode object, Optional<? extends JsonNode> existing) {
        ObjectNode meta = metadata.writeObjectMeta(object, name, namespace, existing);
        // The Deployment controller's own bookkeeping; copying it back would fake a revision number.
        ((ObjectNode) meta.get("annotations")).remove("deployment.kubernetes.io/revision");
    }

    private static ObjectNode probe(int periodSeconds, int failureThreshold) {
        ObjectNode probe = JSON.createObjectNode();
        probe.putObject("httpGet").put("path", "/ping").put("port", "http");
        probe.put("periodSeconds", periodSeconds);
        probe.put("failureThreshold", failureThreshold);
        return probe;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

package io.mlopsbridge.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.OneLine;
import io.mlopsbridge.log.BuildLog;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds out whether an InferenceService runs in Knative or Standard mode. The first rule that gives an answer wins:
 * <ol>
 *   <li>a mode the user asked for (written as the {@code serving.kserve.io/deploymentMode} annotation);</li>
 *   <li>{@code status.deploymentMode} of the existing InferenceService: what the controller actually chose;</li>
 *   <li>the {@code serving.kserve.io/deploymentMode} annotation of the existing InferenceService;</li>
 *   <li>{@code defaultDeploymentMode} in the {@code deploy} entry of KServe's {@code inferenceservice-config}
 *       ConfigMap (namespace {@code kserve}, or {@code kubeflow} in a Kubeflow install); skipped when it cannot be
 *       read, e.g. because the deploying account may not read the KServe namespace;</li>
 *   <li>otherwise Knative when the cluster serves Knative Serving's API ({@code serving.knative.dev/v1} Service),
 *       Standard when it does not: without Knative, KServe can only create Deployments.</li>
 * </ol>
 */
public final class DeploymentModeDetector {
    /** Where KServe installs its config map: its own namespace, or Kubeflow's in a Kubeflow install. */
    public static final List<String> KSERVE_NAMESPACES = List.of("kserve", "kubeflow");
    static final String CONFIG_MAP = "inferenceservice-config";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final List<String> kserveNamespaces;
    private final BuildLog log;

    public DeploymentModeDetector(KubernetesClient client, List<String> kserveNamespaces, BuildLog log) {
        this.client = Objects.requireNonNull(client, "client");
        this.kserveNamespaces = List.copyOf(kserveNamespaces);
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * @param requested the mode the user asked for, if any
     * @param existing  the InferenceService as it is now, if it exists
     */
    public DetectedMode detect(Optional<DeploymentMode> requested, Optional<JsonNode> existing) {
        if (requested.isPresent()) {
            return new DetectedMode(requested.get(), "requested");
        }
        if (existing.isPresent()) {
            Optional<DeploymentMode> fromStatus = DeploymentMode.parse(
                    existing.get().path("status").path("deploymentMode").asText(""));
            if (fromStatus.isPresent()) {
                return new DetectedMode(fromStatus.get(), "status.deploymentMode of the existing InferenceService");
            }
            Optional<DeploymentMode> fromAnnotation = DeploymentMode.parse(existing.get().path("metadata")
                    .path("annotations").path(DeploymentMode.ANNOTATION).asText(""));
            if (fromAnnotation.isPresent()) {
                return new DetectedMode(fromAnnotation.get(),
                        DeploymentMode.ANNOTATION + " annotation of the existing InferenceService");
            }
        }
        boolean knativeServed = knativeServingAvailable();
        for (String namespace : kserveNamespaces) {
            Optional<DeploymentMode> configured = configuredDefault(namespace);
            if (configured.isPresent()) {
                if (configured.get() == DeploymentMode.KNATIVE && !knativeServed) {
                    log.warn("KServe's default mode is Knative (Serverless), but the cluster does not serve Knative"
                            + " Serving's API: the InferenceService may never become ready");
                }
                return new DetectedMode(configured.get(),
                        "defaultDeploymentMode in ConfigMap " + namespace + "/" + CONFIG_MAP);
            }
        }
        return knativeServed
                ? new DetectedMode(DeploymentMode.KNATIVE, "Knative Serving API present in the cluster")
                : new DetectedMode(DeploymentMode.STANDARD, "no Knative Serving API in the cluster");
    }

    private Optional<DeploymentMode> configuredDefault(String namespace) {
        ConfigMap configMap;
        try {
            configMap = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403 || e.getCode() == 401) {
                log.info("cannot read ConfigMap " + namespace + "/" + CONFIG_MAP + " (HTTP " + e.getCode()
                        + "); deciding the deployment mode from the cluster's APIs");
                return Optional.empty();
            }
            throw ClusterObjects.remote("read", new ObjectRef("", "v1", "ConfigMap", "configmaps", namespace,
                    CONFIG_MAP), e);
        }
        if (configMap == null || configMap.getData() == null || configMap.getData().get("deploy") == null) {
            return Optional.empty();
        }
        try {
            JsonNode deploy = JSON.readTree(configMap.getData().get("deploy"));
            return DeploymentMode.parse(deploy.path("defaultDeploymentMode").asText(""));
        } catch (java.io.IOException e) {
            log.warn("ConfigMap " + namespace + "/" + CONFIG_MAP + " has an unreadable 'deploy' entry: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /** API discovery is open to every authenticated account, unlike reading CustomResourceDefinitions. */
    private boolean knativeServingAvailable() {
        try {
            return client.supports("serving.knative.dev/v1", "Service");
        } catch (KubernetesClientException e) {
            throw MlopsException.remote("Kubernetes: cannot list the cluster's APIs to detect Knative Serving: "
                    + OneLine.of(e.getMessage()),
                    "check the API server URL and credentials, or pass the deployment mode explicitly",
                    e.getCode() > 0 ? "HTTP " + e.getCode() : "no response", e);
        }
    }
}

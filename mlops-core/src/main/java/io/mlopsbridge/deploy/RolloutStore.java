package io.mlopsbridge.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps each service's rollout record in a ConfigMap {@code mlops-rollout-<service>} beside it. A ConfigMap rather
 * than an annotation on the service: KServe copies InferenceService annotations into the Knative revision
 * template, so bookkeeping written there would start new revisions in the middle of a canary. The record of the
 * last rollout stays after it ends; it is what a later rollout checks to refuse running concurrently.
 */
public final class RolloutStore {
    static final String PREFIX = "mlops-rollout-";
    static final String KEY = "rollout.json";

    private final KubernetesClient client;

    public RolloutStore(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public static String configMapName(String service) {
        return PREFIX + service;
    }

    public Optional<RolloutRecord> read(String namespace, String service) {
        return Optional.ofNullable(configMap(namespace, service)).map(c -> c.getData() == null ? null
                : c.getData().get(KEY)).map(RolloutRecord::fromJson);
    }

    public void save(RolloutRecord record) {
        ObjectRef ref = new ObjectRef("", "v1", "ConfigMap", "configmaps", record.namespace(),
                configMapName(record.name()));
        ConfigMap desired = new ConfigMapBuilder().withNewMetadata().withName(ref.name())
                .withNamespace(record.namespace())
                .withLabels(Map.of(DeploymentMetadata.MANAGED_BY, DeploymentMetadata.MANAGER,
                        DeploymentMetadata.APP_NAME, record.name()))
                .endMetadata().withData(Map.of(KEY, record.toJson())).build();
        new ClusterObjects(client).write(ref, (com.fasterxml.jackson.databind.node.ObjectNode) ClusterObjects.tree(desired));
    }

    private ConfigMap configMap(String namespace, String service) {
        try {
            return client.configMaps().inNamespace(namespace).withName(configMapName(service)).get();
        } catch (KubernetesClientException e) {
            throw ClusterObjects.remote("read", new ObjectRef("", "v1", "ConfigMap", "configmaps", namespace,
                    configMapName(service)), e);
        }
    }
}

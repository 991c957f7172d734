package io.mlopsbridge.deploy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.Serializable;
import java.util.Objects;

/**
 * Names one Kubernetes object by type, namespace and name. Serializable so that a rollout handle can name what it
 * has to restore after a restart.
 *
 * @param group     API group, empty for the core group
 * @param version   API version within the group
 * @param kind      object kind, e.g. {@code InferenceService}
 * @param plural    resource name in URLs, e.g. {@code inferenceservices}
 * @param namespace namespace of the object
 * @param name      name of the object
 */
public record ObjectRef(String group, String version, String kind, String plural, String namespace, String name)
        implements Serializable {

    public ObjectRef {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plural, "plural");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    public static ObjectRef inferenceService(String namespace, String name) {
        return of(InferenceServiceManifest.CONTEXT, namespace, name);
    }

    public static ObjectRef deployment(String namespace, String name) {
        return of(ResourceDefinitionContext.fromResourceType(Deployment.class), namespace, name);
    }

    public static ObjectRef service(String namespace, String name) {
        return of(ResourceDefinitionContext.fromResourceType(Service.class), namespace, name);
    }

    private static ObjectRef of(ResourceDefinitionContext context, String namespace, String name) {
        return new ObjectRef(context.getGroup() == null ? "" : context.getGroup(), context.getVersion(),
                context.getKind(), context.getPlural(), namespace, name);
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }
}

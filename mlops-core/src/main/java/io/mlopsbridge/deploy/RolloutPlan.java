package io.mlopsbridge.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a rollout will write, checked and complete before anything is applied. Built by {@link KServePlanner} or
 * {@link ModelServerPlanner}; printed as is by a dry run.
 *
 * @param target          what is deployed
 * @param namespace       namespace of the objects
 * @param name            name of the objects
 * @param refs            the objects to write, primary (the one whose readiness counts) first
 * @param manifests       their manifests, same order
 * @param promotion       the primary manifest that gives a canary all traffic, or null without a canary
 * @param canaryPercent   the canary's share of traffic, or null
 * @param mode            KServe's deployment mode and where it was read, or null for other targets
 * @param smoke           the smoke test, or null
 * @param timeout         how long the new version may take to be ready and pass the smoke test
 * @param rollbackTimeout how long a rollback waits for the restored version
 * @param metadata        model version and release being deployed
 */
public record RolloutPlan(DeployTarget target, String namespace, ServiceName name, List<ObjectRef> refs,
                          List<ObjectNode> manifests, ObjectNode promotion, Integer canaryPercent, DetectedMode mode,
                          SmokePlan smoke, Duration timeout, Duration rollbackTimeout, DeploymentMetadata metadata) {
    /** KServe pulls the model and starts MLServer; a few minutes is typical, ten covers a large image pull. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** The previous version's image and model are usually cached on the node, so it returns faster. */
    public static final Duration DEFAULT_ROLLBACK_TIMEOUT = Duration.ofMinutes(5);

    public RolloutPlan {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        refs = List.copyOf(refs);
        manifests = List.copyOf(manifests);
        if (refs.isEmpty() || refs.size() != manifests.size()) {
            throw new IllegalArgumentException("one manifest per object is needed");
        }
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(rollbackTimeout, "rollbackTimeout");
        Objects.requireNonNull(metadata, "metadata");
    }

    public RolloutPlan withSmoke(SmokePlan value) {
        return new RolloutPlan(target, namespace, name, refs, manifests, promotion, canaryPercent, mode, value,
                timeout, rollbackTimeout, metadata);
    }

    public RolloutPlan withTimeouts(Duration rollout, Duration rollback) {
        return new RolloutPlan(target, namespace, name, refs, manifests, promotion, canaryPercent, mode, smoke,
                rollout, rollback, metadata);
    }

    /** The manifests as a YAML stream, as a dry run prints them. */
    public String toYaml() {
        StringBuilder yaml = new StringBuilder();
        for (ObjectNode manifest : manifests) {
            yaml.append(io.fabric8.kubernetes.client.utils.Serialization.asYaml(manifest));
        }
        return yaml.toString();
    }
}

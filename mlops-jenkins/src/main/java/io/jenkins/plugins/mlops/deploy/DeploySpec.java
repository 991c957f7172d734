package io.jenkins.plugins.mlops.deploy;

import io.mlopsbridge.deploy.DeployTarget;
import java.io.Serial;
import java.io.Serializable;

/** A deployModel call's arguments as a running execution keeps them: plain values and credential ids only. */
record DeploySpec(String model, String version, String alias, String target, String namespace, String serviceName,
                  Integer canary, String smoke, String smokeGate, String smokeEndpoint, String promoteAlias,
                  boolean dryRun, String timeout, String storageUri, String artifactsDestination,
                  String deploymentMode, String serviceAccount, String image, int replicas, String cpu, String memory,
                  String releaseVersion,
                  String pollInterval, String kubeconfigCredentialsId, String kubernetesServerUrl,
                  String kubernetesCredentialsId, String mlflowBin, String mlflowUrl,
                  String mlflowCredentialsId) implements Serializable {
    // Kept when deploymentMode was added: a spec an older plugin persisted reads back with it null ("detect"), which
    // is what that build asked for.
    @Serial
    private static final long serialVersionUID = 2L;

    /** The {@code local} target: a model server on the agent, not a cluster rollout. */
    boolean local() {
        return DeployTarget.LOCAL.id().equals(target);
    }
}

package io.jenkins.plugins.mlops.deploy;

import io.mlopsbridge.deploy.DeployTarget;
import java.io.Serial;
import java.io.Serializable;

/** A deployModel call's arguments as a running execution keeps them: plain values and credential ids only. */
record DeploySpec(String model, String version, String alias, String target, String namespace, String serviceName,
                  Integer canary, String smoke, String smokeGate, String smokeEndpoint, String promoteAlias,
                  boolean dryRun, String timeout, String storageUri, String artifactsDestination,
                  String deploymentMode, String serviceAccount, String image, boolean imageServesModel,
                  int replicas, String cpu, String memory, String envSecret, String clusterTrackingUri,
                  String releaseVersion, String pollInterval, String kubeconfigCredentialsId,
                  String kubernetesServerUrl, String kubernetesCredentialsId, String mlflowBin, String mlflowUrl,
                  String mlflowCredentialsId) implements Serializable {
    // Kept when deploymentMode and the serving options (imageServesModel, cpu, memory, envSecret,
    // clusterTrackingUri) were added: a spec an older plugin persisted reads them back null or false ("detect",
    // the command line's defaults), which is what that build asked for (DeploySpecTest).
    @Serial
    private static final long serialVersionUID = 2L;

    /** The {@code local} target: a model server on the agent, not a cluster rollout. */
    boolean local() {
        return DeployTarget.LOCAL.id().equals(target);
    }
}

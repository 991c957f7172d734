package io.mlopsbridge.deploy;

import io.mlopsbridge.core.InputName;

/**
 * The inputs of a deployment as messages name them: the {@code deployModel} step's parameter and the {@code mlops
 * deploy} option. A few exist on the command line only (the step reads its cluster from Jenkins' configuration and
 * credentials); they keep the parameter name the step would give them.
 */
public final class DeployInputNames {
    public static final InputName TARGET = InputName.of("target");
    public static final InputName VERSION = InputName.of("version");
    public static final InputName ALIAS = InputName.of("alias");
    public static final InputName NAMESPACE = InputName.of("namespace");
    public static final InputName SERVICE_NAME = InputName.of("serviceName", "--name");
    public static final InputName CANARY = InputName.of("canary");
    public static final InputName SMOKE = InputName.of("smoke");
    public static final InputName SMOKE_GATE = InputName.of("smokeGate");
    public static final InputName SMOKE_ENDPOINT = InputName.of("smokeEndpoint");
    public static final InputName PROMOTE_ALIAS = InputName.of("promoteAlias");
    public static final InputName TIMEOUT = InputName.of("timeout");
    public static final InputName DRY_RUN = InputName.of("dryRun");
    public static final InputName STORAGE_URI = InputName.of("storageUri");
    public static final InputName ARTIFACTS_DESTINATION = InputName.of("artifactsDestination");
    public static final InputName IMAGE = InputName.of("image");
    public static final InputName REPLICAS = InputName.of("replicas");
    public static final InputName MLFLOW_BIN = InputName.of("mlflowBin");
    public static final InputName KUBECONFIG = InputName.of("kubeconfigCredentialsId", "--kubeconfig");
    public static final InputName KUBE_SERVER = InputName.of("kubernetesServerUrl", "--kube-server");
    public static final InputName SERVICE_ACCOUNT = InputName.of("serviceAccount");
    public static final InputName DEPLOYMENT_MODE = InputName.of("deploymentMode");
    // Command line only.
    public static final InputName CPU = InputName.of("cpu");
    public static final InputName MEMORY = InputName.of("memory");
    public static final InputName IMAGE_SERVES_MODEL = InputName.of("imageServesModel");
    public static final InputName ENV_SECRET = InputName.of("envSecret");
    public static final InputName CLUSTER_TRACKING_URI = InputName.of("clusterTrackingUri");
    public static final InputName IN_CLUSTER = InputName.of("inCluster");

    private DeployInputNames() {
    }
}

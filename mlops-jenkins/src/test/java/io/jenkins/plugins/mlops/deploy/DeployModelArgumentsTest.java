package io.jenkins.plugins.mlops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.deploy.DeployRequest;
import io.mlopsbridge.deploy.ServingResources;
import io.mlopsbridge.lineage.BuildInfo;
import org.junit.jupiter.api.Test;

/**
 * deployModel's arguments as they are bound, before the step starts: the spellings and values {@code mlops deploy}
 * accepts, a one-line refusal naming the parameter for anything else, and the engine request they make.
 */
class DeployModelArgumentsTest {
    private final DeployModelStep step = new DeployModelStep("fraud-detector");

    @Test
    void kserveNamesForTheModesArePinnedAsTheModesTheCommandLineNamesThem() {
        step.setDeploymentMode("RawDeployment");
        assertThat(step.getDeploymentMode()).isEqualTo("standard");

        step.setDeploymentMode("Serverless");
        assertThat(step.getDeploymentMode()).isEqualTo("knative");
    }

    @Test
    void anUnknownModeFailsTheCallWithOneLineNamingDeploymentModeAndTheAcceptedModes() {
        assertThatThrownBy(() -> step.setDeploymentMode("Raw-Deployment")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deploymentMode: unknown mode 'Raw-Deployment' (use knative or standard, or KServe's names"
                        + " Serverless or RawDeployment; leave deploymentMode out to detect the mode from the cluster)");
    }

    @Test
    void anEmptyModeLeavesTheModeToBeDetectedFromTheCluster() {
        step.setDeploymentMode(" ");

        assertThat(step.getDeploymentMode()).isNull();
    }

    @Test
    void aTargetIsKeptAsTheCommandLineNamesIt() {
        step.setTarget("KServe");

        assertThat(step.getTarget()).isEqualTo("kserve");
    }

    @Test
    void anUnknownTargetFailsTheCallWithOneLineNamingTargetAndTheTargets() {
        assertThatThrownBy(() -> step.setTarget("openshift")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target: unknown target 'openshift' (use one of kserve, kubernetes, local)");
    }

    @Test
    void moreReplicasThanTheFormAllowsFailTheCallWithOneLineNamingReplicasAndTheRange() {
        assertThatThrownBy(() -> step.setReplicas(5000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replicas must be from 1 to 1000, got 5000; e.g. replicas: 2");
    }

    @Test
    void aCpuRequestAboveItsLimitFailsTheCallWithOneLineNamingCpu() {
        assertThatThrownBy(() -> step.setCpu("2:1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cpu: resources: cpu request 2 is above its limit 1 (Kubernetes requires request <= limit;"
                        + " pass cpu REQ:LIMIT with REQ at most LIMIT)");
    }

    @Test
    void aMemoryThatIsNotAKubernetesQuantityFailsTheCallWithOneLineNamingMemory() {
        assertThatThrownBy(() -> step.setMemory("2GB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("memory: resources: memory request '2GB' is not a Kubernetes quantity (pass memory as"
                        + " REQ[:LIMIT] with quantities such as 512Mi or 2Gi, e.g. 512Mi:1Gi)");
    }

    @Test
    void aCpuWithADecimalExponentFailsTheCallWithOneLineNamingCpu() {
        assertThatThrownBy(() -> step.setCpu("1e1.5:2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cpu: resources: cpu request '1e1.5' is not a Kubernetes quantity (pass cpu as REQ[:LIMIT]"
                        + " with quantities such as 500m or 2, e.g. 250m:1)");
    }

    @Test
    void cpuAndMemoryAreTheServingPodsRequestsAndLimitsAsTheCommandLineReadsThem() {
        step.setVersion("7");
        step.setCpu("500m");
        step.setMemory("2Gi:4Gi");

        assertThat(servingResources()).isEqualTo(new ServingResources("500m", "2Gi", "1", "4Gi"));
    }

    @Test
    void withoutCpuAndMemoryThePodsGetTheCommandLinesDefaults() {
        step.setVersion("7");
        step.setCpu("");

        assertThat(step.getCpu()).isNull();
        assertThat(servingResources()).isEqualTo(ServingResources.parse("100m:1", "512Mi:1Gi"));
    }

    private ServingResources servingResources() {
        return request().serving().resources();
    }

    @Test
    void anEnvSecretThatIsNotAKubernetesNameFailsTheCallWithOneLineNamingEnvSecret() {
        assertThatThrownBy(() -> step.setEnvSecret("MLflow_Credentials")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("envSecret: secret 'MLflow_Credentials' is not a valid Kubernetes name (use at most 253"
                        + " lower-case letters, digits, '-' and '.', each part starting and ending with a letter or"
                        + " digit (envSecret))");
    }

    @Test
    void envSecretAndClusterTrackingUriAreTheKubernetesPodsSecretAndTrackingServer() {
        step.setVersion("7");
        step.setTarget("kubernetes");
        step.setEnvSecret("mlflow-credentials");
        step.setClusterTrackingUri("http://mlflow.mlflow.svc.cluster.local:5000");

        DeployRequest.ServingOptions serving = request().serving();

        assertThat(serving.envSecret()).isEqualTo("mlflow-credentials");
        assertThat(serving.clusterTrackingUri()).isEqualTo("http://mlflow.mlflow.svc.cluster.local:5000");
    }

    @Test
    void imageServesModelTellsTheEngineTheImageServesItsOwnModel() {
        step.setVersion("7");
        step.setTarget("kubernetes");
        step.setImageServesModel(true);

        assertThat(request().serving().imageServesModel()).isTrue();
    }

    @Test
    void anImageOutsideDockersGrammarFailsTheCallWithTheRunsOneLineNamingImage() {
        assertThatThrownBy(() -> step.setImage("Registry.Example/Model:latest!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deploy: image 'Registry.Example/Model:latest!' is not an image reference (write"
                        + " [registry[:port]/]name[:tag][@digest] with a lower-case name and no spaces, e.g."
                        + " registry.example.com/fraud-serving:1.4)");
    }

    @Test
    void aStorageUriWithAUserAndPasswordFailsTheCallWithoutRepeatingThem() {
        assertThatThrownBy(() -> step.setStorageUri("s3://ci-deployer:Wq7-tr0ub4dor@models/fraud-detector/7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deploy: storageUri must not contain a user name or password or a credential parameter"
                        + " (KServe's storage initializer takes storage credentials from the serving pod's service"
                        + " account and the Secret attached to it; pass serviceAccount with one that has them)");
    }

    @Test
    void aStorageUriKServeCannotDownloadFailsTheCallNamingStorageUri() {
        assertThatThrownBy(() -> step.setStorageUri("/mlflow/artifacts/fraud-detector/7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("storageUri: '/mlflow/artifacts/fraud-detector/7' is not an object-store,"
                        + " PVC or web location KServe can download (give the model directory as a URI such as");
    }

    @Test
    void aSmokeEndpointWithAUserAndPasswordFailsTheCallWithoutRepeatingThem() {
        assertThatThrownBy(() -> step.setSmokeEndpoint("http://ci:Wq7-tr0ub4dor@fraud.models.example.com/predict"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("deploy: smokeEndpoint must not contain a user name or password or a"
                        + " credential parameter (the smoke test sends no credentials;")
                .hasMessageNotContaining("Wq7-tr0ub4dor");
    }

    @Test
    void aSmokeEndpointThatIsNotAnHttpUrlFailsTheCallNamingSmokeEndpoint() {
        assertThatThrownBy(() -> step.setSmokeEndpoint("fraud.models.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("deploy: smokeEndpoint 'fraud.models.example.com' is not an http(s) URL"
                        + " (pass the service's base URL");
    }

    @Test
    void aSmokeEndpointStorageUriAndImageTheEngineAcceptsAreKeptAsGiven() {
        step.setSmokeEndpoint(" https://fraud.models.example.com ");
        step.setStorageUri("s3://models/fraud-detector/7");
        step.setImage("registry.example.com:5000/fraud-serving:1.4");

        assertThat(step.getSmokeEndpoint()).isEqualTo("https://fraud.models.example.com");
        assertThat(step.getStorageUri()).isEqualTo("s3://models/fraud-detector/7");
        assertThat(step.getImage()).isEqualTo("registry.example.com:5000/fraud-serving:1.4");
    }

    private DeployRequest request() {
        return DeployModelRun.request(step.spec(), null, "1.4.0", BuildInfo.none());
    }
}

package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.lineage.BuildInfo;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The checks that need no remote call; each refusal comes before the registry or the cluster is contacted. */
class DeployInputsTest {
    private static final URI TRACKING = URI.create("http://mlflow.mlflow.svc:5000");

    private static DeployRequest.Builder deploy(DeployTarget target) {
        return DeployRequest.builder("fraud-detector", target).version("7").build(BuildInfo.none());
    }

    @Test
    void aCanaryOnTheKubernetesTargetIsRefusedForItHasNoTrafficSplitting() {
        DeployRequest request = deploy(DeployTarget.KUBERNETES).canary(10)
                .serving(new DeployRequest.ServingOptions(ServingResources.defaults(), null,
                        "registry.example.com/fraud-serving:1.4", false, 1, null, null)).done();

        assertThatThrownBy(() -> DeployInputs.check(request, TRACKING)).isInstanceOf(MlopsException.class)
                .hasMessage("canary: the kubernetes target has no traffic splitting")
                .extracting(e -> ((MlopsException) e).kind()).isEqualTo(ErrorKind.INPUT);
    }

    @Test
    void aCanaryOnTheLocalTargetIsRefusedForItServesOneVersion() {
        DeployRequest request = deploy(DeployTarget.LOCAL).canary(10).done();

        assertThatThrownBy(() -> DeployInputs.check(request, TRACKING))
                .hasMessage("canary: the local target serves one version only");
    }

    @Test
    void aCanaryWithTheStandardModePinnedIsRefusedForStandardModeHasNoRevisions() {
        DeployRequest request = deploy(DeployTarget.KSERVE).canary(10).deploymentMode(DeploymentMode.STANDARD).done();

        assertThatThrownBy(() -> DeployInputs.check(request, TRACKING)).isInstanceOf(MlopsException.class)
                .hasMessageStartingWith("canary: the deployment mode asked for, Standard (RawDeployment), has no revisions")
                .extracting(e -> ((MlopsException) e).kind()).isEqualTo(ErrorKind.INPUT);
    }

    @Test
    void aPinnedDeploymentModeOnTheLocalTargetIsRefusedNamingTheInputAsEachFrontEndCallsIt() {
        DeployRequest request = deploy(DeployTarget.LOCAL).deploymentMode(DeploymentMode.STANDARD).done();

        assertThatThrownBy(() -> DeployInputs.check(request, TRACKING)).isInstanceOf(MlopsException.class)
                .satisfies(e -> {
                    assertThat(((MlopsException) e).oneLine(InputNaming.STEP_PARAMETERS)).startsWith(
                            "deploy: deploymentMode does not apply to the local target (drop deploymentMode,");
                    assertThat(((MlopsException) e).oneLine()).startsWith(
                            "deploy: --deployment-mode does not apply to the local target");
                });
    }
}

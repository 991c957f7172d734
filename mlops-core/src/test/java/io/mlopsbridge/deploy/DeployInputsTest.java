package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.lineage.BuildInfo;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    private static DeployRequest onKubernetes(String image) {
        return deploy(DeployTarget.KUBERNETES).serving(new DeployRequest.ServingOptions(ServingResources.defaults(),
                null, image, false, 1, null, null)).done();
    }

    /** The API server refuses such an image (HTTP 422) only after the rollout record was written. */
    @ParameterizedTest
    @ValueSource(strings = {" registry.example.com/fraud-serving:1.4", "registry.example.com/fraud serving:1.4",
        "registry.example.com/Fraud-Serving:1.4", "registry.example.com/fraud-serving:1.4\t",
        "registry.example.com/fraud-serving@sha256:abc"})
    void anImageOutsideDockersReferenceGrammarIsAnInputErrorNamingImage(String image) {
        assertThatThrownBy(() -> DeployInputs.check(onKubernetes(image), TRACKING)).isInstanceOf(MlopsException.class)
                .hasMessageStartingWith("deploy: --image '").hasMessageEndingWith("' is not an image reference")
                .extracting(e -> ((MlopsException) e).kind()).isEqualTo(ErrorKind.INPUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fraud-serving", "registry.example.com:5000/ml/fraud_serving:1.4-py3.11",
        "localhost:5000/fraud-serving@sha256:6f1c0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6",
        "[::1]:5000/fraud-serving:latest"})
    void imageReferencesInDockersGrammarAreAccepted(String image) {
        DeployInputs.check(onKubernetes(image), TRACKING);
    }

    /** The refusal is printed, and kept in the Jenkins step's error; a registry password in it would be shown. */
    @ParameterizedTest
    @ValueSource(strings = {"https://ci:Wq7-tr0ub4dor@registry.example.com/fraud-serving:1.4",
        "ci:Wq7-tr0ub4dor@registry.example.com/fraud-serving:1.4"})
    void anImageWithAUserAndPasswordIsRefusedWithoutRepeatingThem(String image) {
        assertThatThrownBy(() -> DeployInputs.check(onKubernetes(image), TRACKING)).isInstanceOf(MlopsException.class)
                .hasMessage("deploy: --image must not contain a user name or password or a credential parameter")
                .satisfies(e -> assertThat(((MlopsException) e).oneLine()).doesNotContain("Wq7-tr0ub4dor")
                        .contains("imagePullSecret"));
    }

    /** The endpoint is kept in the rollout record (a ConfigMap) and the Jenkins step's handle. */
    @ParameterizedTest
    @ValueSource(strings = {"https://ci:s3cret@gw.example.com", "https://gw.example.com/fraud?token=abc",
        "https://gw.example.com/#access_token=abc"})
    void aSmokeEndpointWithCredentialsIsRefusedWithoutRepeatingThem(String endpoint) {
        DeployRequest request = deploy(DeployTarget.KSERVE).smoke(null, null, endpoint).done();

        assertThatThrownBy(() -> DeployInputs.check(request, TRACKING)).isInstanceOf(MlopsException.class)
                .hasMessage("deploy: --smoke-endpoint must not contain a user name or password or a credential"
                        + " parameter")
                .satisfies(e -> assertThat(((MlopsException) e).oneLine()).doesNotContain("s3cret", "abc")
                        .contains("the smoke test sends no credentials"));
    }

    /** The URI is written into the InferenceService, printed by --dry-run and returned by --json. */
    @Test
    void aStorageUriWithCredentialsIsRefusedPointingToKServesStorageSecrets() {
        DeployRequest request = deploy(DeployTarget.KSERVE)
                .storageUri("https://user:pw@models.example.com/fraud/7/").done();

        assertThatThrownBy(() -> DeployInputs.check(request, TRACKING)).isInstanceOf(MlopsException.class)
                .hasMessage("deploy: --storage-uri must not contain a user name or password or a credential parameter")
                .satisfies(e -> assertThat(((MlopsException) e).oneLine()).doesNotContain("user:pw")
                        .contains("service account"));
    }
}

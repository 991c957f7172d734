package io.jenkins.plugins.mlops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.TestCredentials;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a step's Kubernetes settings are resolved before anything reaches the cluster. */
class KubernetesSettingsTest {
    @BeforeEach
    void aTokenCredential() {
        TestCredentials.clear();
        TestCredentials.secretText("k8s-token", "k8s-Secret-5d2f");
    }

    @AfterEach
    void noCredentials() {
        TestCredentials.clear();
    }

    @Test
    void aServerUrlWithoutSchemeIsAnInputErrorNamingTheField() {
        assertThatThrownBy(() -> KubernetesSettings.resolve(null, "10.20.0.15:6443", "k8s-token", "serving",
                new MlopsConfiguration(), CredentialsLookup.global()))
                .isInstanceOf(MlopsException.class)
                .hasMessageContaining("kubernetesServerUrl: '10.20.0.15:6443' is not an http(s) URL")
                .satisfies(e -> assertThat(((MlopsException) e).hint()).hasValueSatisfying(
                        hint -> assertThat(hint).contains("https://HOST:PORT")));
    }

    @Test
    void withNoClusterAccessOnTheStepOrGloballyResolvingFailsNamingWhatToSet() {
        MlopsConfiguration global = new MlopsConfiguration();
        global.setMlflowUrl("https://mlflow.acme.internal");

        assertThatThrownBy(() -> KubernetesSettings.resolve(null, null, null, "serving", global,
                CredentialsLookup.global()))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.oneLine(InputNaming.STEP_PARAMETERS))
                            .startsWith("kubeconfigCredentialsId: no Kubernetes cluster access given")
                            .contains("kubernetesServerUrl").contains("kubernetesCredentialsId")
                            .contains("Manage Jenkins > System > MLOps Bridge")
                            .contains("useControllerClusterAccess")
                            .doesNotContain("agent").doesNotContain("Exception");
                });
    }

    @Test
    void theControllersOwnAccessIsUsedWhenAnAdministratorTurnedItOn() {
        MlopsConfiguration global = new MlopsConfiguration();
        global.setUseControllerClusterAccess(true);

        try (KubernetesSettings settings = KubernetesSettings.resolve(null, null, null, "serving", global,
                CredentialsLookup.global())) {
            assertThat(settings.access().describe()).isEqualTo("default kubeconfig or in-cluster service account");
            assertThat(settings.access().namespace()).isEqualTo("serving");
        }
    }
}

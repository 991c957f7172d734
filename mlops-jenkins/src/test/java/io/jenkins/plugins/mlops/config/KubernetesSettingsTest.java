package io.jenkins.plugins.mlops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.TestCredentials;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

    @Test
    void aSecretFileThatIsNoKubeconfigIsOneLineNamingTheCredentialWithoutItsContentOrAJavaClass() {
        // A token pasted into a Secret file instead of a kubeconfig: the parser's message could quote it.
        TestCredentials.secretFile("kserve-kubeconfig", "token: [eyJhbGciOiJSUzI1NiIsImtpZCI6IjRm");

        assertThatThrownBy(() -> KubernetesSettings.resolve("kserve-kubeconfig", null, null, "serving",
                new MlopsConfiguration(), CredentialsLookup.global()))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.oneLine(InputNaming.STEP_PARAMETERS))
                            .startsWith("kubeconfigCredentialsId: the secret file of credential 'kserve-kubeconfig'"
                                    + " is not a kubeconfig")
                            .doesNotContain("Exception").doesNotContain("eyJhbGci");
                });
    }

    @Test
    void aSecretFileThatIsNoKubeconfigLeavesNoCopyOfItOnDisk() throws IOException {
        String pasted = "token: [eyJhbGciOiJSUzI1NiIsImtpZCI6IjRm-" + UUID.randomUUID();
        TestCredentials.secretFile("kserve-kubeconfig", pasted);

        assertThatThrownBy(() -> KubernetesSettings.resolve("kserve-kubeconfig", null, null, "serving",
                new MlopsConfiguration(), CredentialsLookup.global())).isInstanceOf(MlopsException.class);

        List<Path> copies = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")),
                "mlops-kube-*")) {
            folders.forEach(folder -> copies.add(folder.resolve("kubeconfig")));
        }
        assertThat(copies).noneMatch(file -> contains(file, pasted));
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (IOException e) {
            return false; // none, or removed meanwhile by another build's close()
        }
    }
}

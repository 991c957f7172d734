package io.jenkins.plugins.mlops.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.security.TestPermissions;
import hudson.util.FormValidation;
import io.mlopsbridge.deploy.KServeCluster;
import io.mlopsbridge.http.RefusingLoopbackPort;
import java.nio.file.Files;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The global configuration page's Kubernetes "Test connection", against the KServe mock cluster. */
class GlobalConfigurationKubernetesTest {
    @RegisterExtension
    final KServeCluster cluster = new KServeCluster();
    private final MlopsConfiguration config = new MlopsConfiguration();
    @TempDir
    Path dir;

    @BeforeEach
    void anAdministratorWithCredentials() {
        TestCredentials.clear();
        TestPermissions.grant(Jenkins.ADMINISTER);
        TestCredentials.secretText("k8s-token", "k8s-Secret-5d2f");
    }

    @AfterEach
    void nobody() {
        TestPermissions.none();
        TestCredentials.clear();
    }

    @Test
    void kubernetesTestConnectionThroughAKubeconfigCredentialReportsTheVersion() throws Exception {
        TestCredentials.secretFile("kubeconfig", Files.readString(cluster.kubeconfig(dir)));

        FormValidation verdict = config.doTestKubernetesConnection("kubeconfig", "", "");

        // The mock API server answers /version without a gitVersion; a real one names it (e.g. v1.31.2).
        assertThat(verdict.kind).as(verdict.getMessage()).isEqualTo(FormValidation.Kind.OK);
        assertThat(verdict.getMessage()).isEqualTo("Connected to the Kubernetes API server at "
                + cluster.client().getMasterUrl() + " (it did not report its version)");
    }

    @Test
    void kubernetesTestConnectionToAPortNobodyListensOnNeverShowsTheToken() {
        FormValidation verdict;
        try (RefusingLoopbackPort refusing = RefusingLoopbackPort.open()) {
            verdict = config.doTestKubernetesConnection("", "https://127.0.0.1:" + refusing.port(), "k8s-token");
        }

        assertThat(verdict.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(verdict.getMessage()).doesNotContain("k8s-Secret-5d2f").doesNotContain("\n");
    }

    @Test
    void kubernetesTestConnectionToAServerUrlWithoutSchemeNamesTheFieldAndTheExpectedForm() {
        FormValidation verdict = config.doTestKubernetesConnection("", "10.20.0.15:6443", "k8s-token");

        assertThat(verdict.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(verdict.getMessage()).contains("kubernetesServerUrl").contains("https://HOST:PORT")
                .doesNotContain("Exception");
    }

    @Test
    void withoutAdministerNothingIsContacted() throws Exception {
        TestPermissions.none();
        TestCredentials.secretFile("kubeconfig", Files.readString(cluster.kubeconfig(dir)));

        FormValidation verdict = config.doTestKubernetesConnection("kubeconfig", "", "");

        assertThat(verdict.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(cluster.writes()).isEmpty();
        assertThat(verdict.getMessage()).contains("Overall/Administer");
    }
}

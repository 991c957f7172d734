package io.jenkins.plugins.mlops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.TestCredentials;
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
}

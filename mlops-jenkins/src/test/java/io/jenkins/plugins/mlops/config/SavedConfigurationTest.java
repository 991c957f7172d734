package io.jenkins.plugins.mlops.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.mlops.harness.JenkinsXml;
import org.junit.jupiter.api.Test;

/** A global configuration saved by an earlier release, loaded as Jenkins loads it at start-up. */
class SavedConfigurationTest {
    /**
     * {@code io.jenkins.plugins.mlops.config.MlopsConfiguration.xml} as releases before the opt-in wrote it (less the
     * XML declaration, which Jenkins' XmlFile reads itself).
     */
    private static final String SAVED_BEFORE_THE_OPT_IN = """
            <io.jenkins.plugins.mlops.config.MlopsConfiguration plugin="mlops-bridge@1.0">
              <mlflowUrl>https://mlflow.acme.internal</mlflowUrl>
              <mlflowCredentialsId>mlflow-ci</mlflowCredentialsId>
              <candidateAlias>candidate</candidateAlias>
              <championAlias>champion</championAlias>
            </io.jenkins.plugins.mlops.config.MlopsConfiguration>
            """;

    @Test
    void aConfigurationSavedBeforeTheOptInExistedLoadsWithTheControllersClusterAccessOff() {
        MlopsConfiguration loaded = JenkinsXml.readInto(SAVED_BEFORE_THE_OPT_IN, new MlopsConfiguration());

        assertThat(loaded.getMlflowUrl()).as("the file was read").isEqualTo("https://mlflow.acme.internal");
        assertThat(loaded.isUseControllerClusterAccess()).isFalse();
    }
}

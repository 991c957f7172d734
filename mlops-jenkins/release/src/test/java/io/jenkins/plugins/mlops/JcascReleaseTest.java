package io.jenkins.plugins.mlops;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Release build only (configuration-as-code and its test harness; see docs/jenkins.md): {@code unclassified: mlops:}
 * (the snippet of docs/jenkins.md, in mlops-casc.yaml) configures the plugin, and the export writes it back.
 */
@WithJenkinsConfiguredWithCode
class JcascReleaseTest {
    @Test
    @ConfiguredWithCode("mlops-casc.yaml")
    void theYamlConfiguresEveryFieldItNames(JenkinsConfiguredWithCodeRule j) {
        MlopsConfiguration config = MlopsConfiguration.get();

        assertThat(config.getMlflowUrl()).isEqualTo("https://mlflow.acme.internal");
        assertThat(config.getMlflowCredentialsId()).isEqualTo("mlflow-ci");
        assertThat(config.getKubeflowUrl()).isEqualTo("https://kubeflow.acme.internal/pipeline");
        assertThat(config.getKubeflowCredentialsId()).isEqualTo("kfp-sa-token");
        assertThat(config.getKubeflowNamespace()).isEqualTo("team-fraud");
        assertThat(config.getKubeconfigCredentialsId()).isEqualTo("kserve-kubeconfig");
        assertThat(config.isUseControllerClusterAccess()).isFalse();
        assertThat(config.getCandidateAlias()).isEqualTo("candidate");
        assertThat(config.getChampionAlias()).isEqualTo("champion");
        assertThat(config.getReleaseVersionPattern()).as("^${ keeps the build's variables for the build")
                .isEqualTo("${BUILD_NUMBER}-${GIT_COMMIT}");
        assertThat(config.getKubernetesServerUrl()).isNull();
    }

    @Test
    @ConfiguredWithCode("mlops-casc.yaml")
    void theExportWritesBackWhatWasImported(JenkinsConfiguredWithCodeRule j) throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());

        String exported = toYamlString(getUnclassifiedRoot(context).get("mlops"));

        assertThat(exported).contains(
                "mlflowUrl: \"https://mlflow.acme.internal\"",
                "mlflowCredentialsId: \"mlflow-ci\"",
                "kubeflowUrl: \"https://kubeflow.acme.internal/pipeline\"",
                "kubeflowCredentialsId: \"kfp-sa-token\"",
                "kubeflowNamespace: \"team-fraud\"",
                "kubeconfigCredentialsId: \"kserve-kubeconfig\"",
                "candidateAlias: \"candidate\"",
                "championAlias: \"champion\"",
                "releaseVersionPattern: \"^${BUILD_NUMBER}-^${GIT_COMMIT}\"");
        assertThat(exported).doesNotContain("kubernetesServerUrl").doesNotContain("kubernetesCredentialsId");
    }
}

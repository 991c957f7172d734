package io.jenkins.plugins.mlops.deploy;

import static io.jenkins.plugins.mlops.harness.ConfigurationPage.saved;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.mlops.harness.JenkinsXml;
import org.junit.jupiter.api.Test;

/**
 * The Freestyle deploy step's form, saved as Stapler binds it ({@code ConfigurationPage}): the step's fields are
 * bound through the step's own setters, so the job page refuses what a Jenkinsfile's call is refused. No build, no
 * MLflow and no cluster.
 */
class DeployModelBuilderFormTest {
    @Test
    void aJobWhoseSmokeEndpointCarriesAPasswordCannotBeSavedAndTheRefusalDoesNotRepeatIt() {
        // config.xml as a job saved before the check was made at binding (or written by Job DSL) holds it.
        DeployModelBuilder builder = (DeployModelBuilder) JenkinsXml.read("""
                <io.jenkins.plugins.mlops.deploy.DeployModelBuilder>
                  <step>
                    <model>fraud-detector</model>
                    <alias>candidate</alias>
                    <target>kserve</target>
                    <smokeEndpoint>https://ci:Wq7-tr0ub4dor@fraud.models.example.com</smokeEndpoint>
                    <replicas>1</replicas>
                  </step>
                </io.jenkins.plugins.mlops.deploy.DeployModelBuilder>
                """);

        assertThatThrownBy(() -> saved(builder)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("deploy: smokeEndpoint must not contain a user name or password")
                .hasMessageNotContaining("Wq7-tr0ub4dor");
    }
}

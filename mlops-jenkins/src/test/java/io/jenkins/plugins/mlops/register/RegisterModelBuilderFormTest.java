package io.jenkins.plugins.mlops.register;

import static io.jenkins.plugins.mlops.harness.ConfigurationPage.saved;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.mlops.harness.JenkinsXml;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Freestyle registerModel step's form: {@code datasets} and {@code tags}, maps in the Pipeline step, are typed one
 * {@code KEY=VALUE} per line, and saving the job's configuration page keeps them. The page is saved as Stapler binds
 * it ({@code ConfigurationPage}). No build and no MLflow.
 */
class RegisterModelBuilderFormTest {
    private static RegisterModelStep step() {
        return new RegisterModelStep("fraud-detector", "9a3e51c2d7f04b8e");
    }

    @Test
    void datasetsFromTheJobsConfigurationSurviveTwoSavesOfTheConfigurationPage() {
        // As config.xml (or Job DSL) sets them: a map on the step.
        RegisterModelStep step = step();
        step.setDatasets(Map.of("transactions", "sha256:9f2c41e0", "chargebacks", "sha256:77b0d3a1"));

        RegisterModelBuilder builder = saved(saved(new RegisterModelBuilder(step)));

        assertThat(builder.getStep().getDatasets())
                .isEqualTo(Map.of("transactions", "sha256:9f2c41e0", "chargebacks", "sha256:77b0d3a1"));
    }

    @Test
    void tagsFromTheJobsConfigurationSurviveTwoSavesOfTheConfigurationPage() {
        // As config.xml (or Job DSL) sets them: a map on the step.
        RegisterModelStep step = step();
        step.setTags(Map.of("team", "fraud", "ticket", "ML-412"));

        RegisterModelBuilder builder = saved(saved(new RegisterModelBuilder(step)));

        assertThat(builder.getStep().getTags()).isEqualTo(Map.of("team", "fraud", "ticket", "ML-412"));
    }

    @Test
    void theTagsFieldShowsAndEditsTheStepsTags() {
        RegisterModelStep step = step();
        step.setTags(Map.of("team", "payments", "cost-centre", "4711"));
        RegisterModelBuilder builder = new RegisterModelBuilder(step);

        assertThat(builder.getTags()).isEqualTo("cost-centre=4711\nteam=payments");
        builder.setTags("team=fraud\n\n  ticket = ML-412\nnote=retrained on = March data\n");

        assertThat(builder.getStep().getTags()).isEqualTo(
                Map.of("team", "fraud", "ticket", "ML-412", "note", "retrained on = March data"));
    }

    @Test
    void aJobSavedWithTheEarlierTagsFieldKeepsItsTagsOnTopOfTheStepsOwn() {
        // config.xml as the build step wrote it when its tags field was its own, beside the step's map.
        String saved = """
                <io.jenkins.plugins.mlops.register.RegisterModelBuilder>
                  <step>
                    <model>fraud-detector</model>
                    <runId>9a3e51c2d7f04b8e</runId>
                    <gate>auc &gt;= 0.9</gate>
                    <noAlias>false</noAlias>
                    <tags class="tree-map">
                      <entry>
                        <string>cost-centre</string>
                        <string>4711</string>
                      </entry>
                      <entry>
                        <string>team</string>
                        <string>payments</string>
                      </entry>
                    </tags>
                    <readyTimeout>300</readyTimeout>
                    <unstableOnGateFailure>false</unstableOnGateFailure>
                  </step>
                  <tags>team=fraud
                ticket=ML-412</tags>
                </io.jenkins.plugins.mlops.register.RegisterModelBuilder>
                """;

        RegisterModelBuilder builder = (RegisterModelBuilder) JenkinsXml.read(saved);

        assertThat(builder.getStep().getTags())
                .isEqualTo(Map.of("cost-centre", "4711", "team", "fraud", "ticket", "ML-412"));
        assertThat(JenkinsXml.write(builder).split("<tags", -1)).as("written again, only the step has tags")
                .hasSize(2);
    }

    @Test
    void datasetsAreTypedOneNameEqualsDigestPerLineWithBlankLinesAndSurroundingSpacesIgnored() {
        RegisterModelBuilder builder = new RegisterModelBuilder(step());

        builder.setDatasets("transactions = sha256:9f2c41e0\n\n  chargebacks=sha256:77b0d3a1 \r\n");

        assertThat(builder.getStep().getDatasets())
                .isEqualTo(Map.of("transactions", "sha256:9f2c41e0", "chargebacks", "sha256:77b0d3a1"));
        assertThat(builder.getDatasets()).isEqualTo("chargebacks=sha256:77b0d3a1\ntransactions=sha256:9f2c41e0");
    }

    @Test
    void malformedTagAndDatasetLinesAreFlaggedAsTypedNamingTheField() {
        RegisterModelBuilder.DescriptorImpl form = new RegisterModelBuilder.DescriptorImpl();

        assertThat(form.doCheckTags("team=fraud\nticket ML-412").getMessage())
                .isEqualTo("tags line 2 'ticket ML-412' is not KEY=VALUE: write one tag per line, e.g. team=fraud");
        assertThat(form.doCheckDatasets("=sha256:9f2c41e0").getMessage())
                .isEqualTo("datasets line 1 '=sha256:9f2c41e0' has no key: write one dataset per line as NAME=DIGEST,"
                        + " e.g. transactions=sha256:9f2c41e0");
    }
}

package io.jenkins.plugins.mlops.register;

import static io.jenkins.plugins.mlops.harness.ConfigurationPage.saved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void datasetsAreTypedOneNameEqualsDigestPerLineWithBlankLinesAndSurroundingSpacesIgnored() {
        RegisterModelBuilder builder = new RegisterModelBuilder(step());

        builder.setDatasets("transactions = sha256:9f2c41e0\n\n  chargebacks=sha256:77b0d3a1 \r\n");

        assertThat(builder.getStep().getDatasets())
                .isEqualTo(Map.of("transactions", "sha256:9f2c41e0", "chargebacks", "sha256:77b0d3a1"));
        assertThat(builder.getDatasets()).isEqualTo("chargebacks=sha256:77b0d3a1\ntransactions=sha256:9f2c41e0");
    }

    @Test
    void anEmptyDatasetsFieldRecordsNoDataset() {
        RegisterModelBuilder builder = new RegisterModelBuilder(step());

        builder.setDatasets(" \n");

        assertThat(builder.getStep().getDatasets()).isNull();
        assertThat(builder.getDatasets()).isNull();
    }

    @Test
    void aDatasetLineWithoutAnEqualsSignIsRefusedWhenSavedAndAsTypedNamingTheLine() {
        RegisterModelBuilder builder = new RegisterModelBuilder(step());

        assertThatThrownBy(() -> builder.setDatasets("transactions=sha256:9f2c41e0\nchargebacks sha256:77b0d3a1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("datasets line 2 'chargebacks sha256:77b0d3a1' is not KEY=VALUE: write one dataset per "
                        + "line as NAME=DIGEST, e.g. transactions=sha256:9f2c41e0");
        assertThat(new RegisterModelBuilder.DescriptorImpl().doCheckDatasets("=sha256:9f2c41e0").getMessage())
                .isEqualTo("datasets line 1 '=sha256:9f2c41e0' has no key: write one dataset per line as NAME=DIGEST,"
                        + " e.g. transactions=sha256:9f2c41e0");
    }
}

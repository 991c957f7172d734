package io.jenkins.plugins.mlops.drift;

import static io.jenkins.plugins.mlops.harness.ConfigurationPage.saved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.mlops.harness.JenkinsXml;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Freestyle drift step's form: {@code columns} and {@code exclude}, lists in the Pipeline step, are typed one name
 * per line, and a save of the job's configuration page keeps them. The page is saved as Stapler binds it
 * ({@code ConfigurationPage}): the step from its own form (which has no list fields), the builder from the step and
 * the text its own fields showed. No build and no MLflow.
 */
class CheckDriftBuilderFormTest {
    @Test
    void columnsAndExcludeFromTheJobsConfigurationSurviveASaveOfTheConfigurationPage() {
        // As config.xml (or Job DSL) sets them: lists on the step.
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setColumns(List.of("amount", "age", "region"));
        step.setExclude(List.of("region"));

        CheckDriftBuilder builder = saved(saved(new CheckDriftBuilder(step)));

        assertThat(builder.getStep().getColumns()).containsExactly("amount", "age", "region");
        assertThat(builder.getStep().getExclude()).containsExactly("region");
    }

    @Test
    void numericAndCategoricalColumnsFromTheJobsConfigurationSurviveASaveOfTheConfigurationPage() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setNumeric(List.of("hour"));
        step.setCategorical(List.of("mcc", "postal code"));

        CheckDriftBuilder builder = saved(saved(new CheckDriftBuilder(step)));

        assertThat(builder.getStep().spec().numeric()).containsExactly("hour");
        assertThat(builder.getStep().spec().categorical()).containsExactly("mcc", "postal code");
        assertThat(builder.getCategorical()).isEqualTo("mcc\npostal code");
    }

    @Test
    void perColumnMethodsAndThresholdsAreTypedAsColumnEqualsValueLinesAndSurviveASave() {
        CheckDriftBuilder builder = new CheckDriftBuilder(new CheckDriftStep("data/train.csv", "data/last-week.csv"));
        builder.setColumnMethod("age=psi\n\n  loan amount=wasserstein \n");
        builder.setColumnThreshold("loan amount=0.2");

        CheckDriftBuilder again = saved(saved(builder));

        assertThat(again.getStep().spec().columnMethods()).containsExactly("age=psi", "loan amount=wasserstein");
        assertThat(again.getStep().spec().columnThresholds()).containsExactly("loan amount=0.2");
        assertThat(again.getColumnMethod()).isEqualTo("age=psi\nloan amount=wasserstein");
    }

    @Test
    void aColumnMethodLineWithoutAnEqualsSignIsRefusedWhenSavedNamingTheField() {
        CheckDriftBuilder builder = new CheckDriftBuilder(new CheckDriftStep("data/train.csv", "data/last-week.csv"));

        assertThatThrownBy(() -> builder.setColumnMethod("age psi"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("columnMethod expects COLUMN=VALUE, got 'age psi' (e.g. columnMethod amount=psi)");
    }

    @Test
    void aColumnThresholdTypedTwiceIsRefusedWhenSavedNamingTheFieldAndColumn() {
        CheckDriftBuilder builder = new CheckDriftBuilder(new CheckDriftStep("data/train.csv", "data/last-week.csv"));

        assertThatThrownBy(() -> builder.setColumnThreshold("balance=0.9\nbalance=0.01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("columnThreshold gives column 'balance' twice: balance=0.9, balance=0.01 (give each column "
                        + "once)");
    }

    @Test
    void columnNamesAreTypedOnePerLineWithBlankLinesAndSurroundingSpacesIgnored() {
        CheckDriftBuilder builder = new CheckDriftBuilder(new CheckDriftStep("data/train.csv", "data/last-week.csv"));

        builder.setColumns("amount\n\n  loan amount \r\nage\n");
        builder.setExclude("transaction_id\ncreated_at");

        assertThat(builder.getStep().spec().columns()).containsExactly("amount", "loan amount", "age");
        assertThat(builder.getStep().spec().exclude()).containsExactly("transaction_id", "created_at");
        assertThat(builder.getColumns()).isEqualTo("amount\nloan amount\nage");
    }

    @Test
    void emptyFieldsCompareEveryColumn() {
        CheckDriftBuilder builder = new CheckDriftBuilder(new CheckDriftStep("data/train.csv", "data/last-week.csv"));

        builder.setColumns("");
        builder.setExclude("  \n");

        assertThat(builder.getStep().spec().columns()).isEmpty();
        assertThat(builder.getStep().spec().exclude()).isEmpty();
        assertThat(builder.getColumns()).isNull();
    }

    @Test
    void aJobSavedBeforeTheListFieldsExistedShowsThemEmptyAndComparesEveryColumn() {
        // config.xml as an early version of the plugin wrote it: XStream sets no field that is not in the file, so
        // the lists' initial values are not there.
        String saved = """
                <io.jenkins.plugins.mlops.drift.CheckDriftBuilder>
                  <step>
                    <reference>data/train.csv</reference>
                    <current>data/last-week.csv</current>
                    <method>auto</method>
                    <onDrift>fail</onDrift>
                  </step>
                </io.jenkins.plugins.mlops.drift.CheckDriftBuilder>
                """;

        CheckDriftBuilder builder = (CheckDriftBuilder) JenkinsXml.read(saved);

        assertThat(builder.getColumns()).isNull();
        assertThat(builder.getExclude()).isNull();
        assertThat(builder.getStep().spec().columns()).isEmpty();
        assertThat(builder.getStep().spec().exclude()).isEmpty();
    }
}

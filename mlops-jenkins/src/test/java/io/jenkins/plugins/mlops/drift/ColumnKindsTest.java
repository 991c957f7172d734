package io.jenkins.plugins.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * checkDrift's {@code numeric} and {@code categorical}: a column's kind declared instead of inferred, as
 * {@code mlops drift --numeric} and {@code --categorical} declare it. A merchant category code looks like a number
 * but is a category: compared as numbers, 5411 (groceries) and 5812 (restaurants) would be "close". A count of
 * instalments takes few values, so it would be compared as categories unless declared numeric.
 */
class ColumnKindsTest {
    @TempDir
    Path workspace;

    /** Card transactions with merchant category code and instalments; last week's mix of codes differs. */
    @BeforeEach
    void transactionsWithMerchantCategoryCodes() throws IOException {
        Files.createDirectories(workspace.resolve("data"));
        int[] codes = {5411, 5812, 5541, 5999, 4111, 5732, 5912, 7011, 5311, 5651, 5942, 4121};
        StringBuilder train = new StringBuilder("amount,mcc,instalments\n");
        StringBuilder lastWeek = new StringBuilder("amount,mcc,instalments\n");
        for (int i = 0; i < 300; i++) {
            train.append(20 + (i * 37) % 80).append(',').append(codes[i % codes.length]).append(',').append(1 + i % 3)
                    .append('\n');
            lastWeek.append(22 + (i * 41) % 80).append(',').append(codes[i % 7 == 0 ? 11 : i % 5]).append(',')
                    .append(1 + (i / 2) % 3).append('\n');
        }
        Files.writeString(workspace.resolve("data/train.csv"), train);
        Files.writeString(workspace.resolve("data/last-week.csv"), lastWeek);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> column(Map<String, Object> result, String name) {
        return ((List<Map<String, Object>>) result.get("columns")).stream()
                .filter(c -> name.equals(c.get("column"))).findFirst().orElseThrow();
    }

    @Test
    void aCodeColumnDeclaredCategoricalAndACountDeclaredNumericGiveTheCommandLinesAnswer() throws IOException {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setCategorical(List.of("mcc"));
        step.setNumeric(List.of("instalments"));

        Map<String, Object> result = AgentAnswers.ofStep(workspace, step);

        Map<String, Object> cli = AgentAnswers.ofCommandLine(workspace, "data/train.csv", "data/last-week.csv",
                "--categorical", "mcc", "--numeric", "instalments");
        assertThat(String.valueOf(column(result, "mcc").get("kind"))).isEqualToIgnoringCase("categorical");
        assertThat(String.valueOf(column(result, "instalments").get("kind"))).isEqualToIgnoringCase("numeric");
        assertThat(result.get("columns")).isEqualTo(cli.get("columns"));
        assertThat(result.get("drifted")).isEqualTo(cli.get("drifted"));
    }

    @Test
    void aColumnDeclaredBothNumericAndCategoricalFailsTheStepNamingBothParameters() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setNumeric(List.of("amount", "mcc"));
        step.setCategorical(List.of("mcc"));

        assertThat(AgentAnswers.refusal(workspace, step))
                .isEqualTo("column 'mcc' is declared both numeric and categorical (give it in numeric or in "
                        + "categorical, not both)");
    }
}

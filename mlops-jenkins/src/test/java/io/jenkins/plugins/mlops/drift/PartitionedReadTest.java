package io.jenkins.plugins.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * checkDrift's {@code partitions}: a CSV file profiled in parts cut at line breaks, read in parallel and merged, as
 * {@code mlops drift --partitions} profiles it (unset: 0, the command line's automatic choice).
 */
class PartitionedReadTest {
    @TempDir
    Path workspace;

    /**
     * {@code rows} transaction amounts drawn with {@code seed}: more than the 100 000 values a column keeps exactly, so
     * they are counted in bins, whose sums merged from parts differ from one pass's in the last digits.
     */
    private void amounts(String file, int rows, long seed, double shift) throws IOException {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("amount\n");
        for (int i = 0; i < rows; i++) {
            csv.append(String.format(Locale.ROOT, "%.2f%n", 60 + shift + 25 * random.nextGaussian()));
        }
        Files.createDirectories(workspace.resolve(file).getParent());
        Files.writeString(workspace.resolve(file), csv);
    }

    @Test
    void aFileProfiledInFourPartsGivesTheCommandLinesAnswerForFourParts() throws IOException {
        amounts("data/train.csv", 110_000, 1, 0);
        amounts("data/last-week.csv", 110_000, 2, 0.5);
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setPartitions(4);

        Map<String, Object> result = AgentAnswers.ofStep(workspace, step);

        Map<String, Object> inParts = AgentAnswers.ofCommandLine(workspace, "data/train.csv", "data/last-week.csv",
                "--partitions", "4");
        Map<String, Object> onePass = AgentAnswers.ofCommandLine(workspace, "data/train.csv", "data/last-week.csv",
                "--partitions", "1");
        // Merged parts agree with one pass to rounding only: the last digits show which read the answer came from.
        assertThat(inParts.get("columns")).as("the cut shows in the answer").isNotEqualTo(onePass.get("columns"));
        assertThat(result.get("columns")).isEqualTo(inParts.get("columns"));
    }

    @Test
    void aNegativePartitionCountFailsTheCallNamingPartitions() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");

        assertThatThrownBy(() -> step.setPartitions(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partitions must be 0 or more, got -2; e.g. partitions: 4");
    }
}

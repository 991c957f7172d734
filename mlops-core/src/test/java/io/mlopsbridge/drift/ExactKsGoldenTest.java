package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.log.BuildLog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --method ks} on files gives scipy's {@code ks_2samp} D and p (1e-9 relative) below and well above 100 000
 * values per side, whatever the row order: above the exact limit the columns are binned, and the refinement pass
 * reads the data again to make D exact.
 */
class ExactKsGoldenTest {
    @TempDir
    Path dir;

    private ColumnDrift ks(JsonNode sample, long shuffleSeed) {
        double[] reference = GoldenSamples.values(sample.get("reference"));
        double[] current = GoldenSamples.values(sample.get("current"));
        Path ref = GoldenSamples.writeCsv(dir.resolve("reference.csv"), reference, shuffleSeed);
        Path cur = GoldenSamples.writeCsv(dir.resolve("current.csv"), current, shuffleSeed * 31);
        DriftResult result = DriftCheck.withDefaults().with(DriftMethod.KS).run(
                CsvSource.open(ref, "reference", CsvFormat.DEFAULT), CsvSource.open(cur, "current", CsvFormat.DEFAULT),
                BuildLog.silent());
        return result.columns().get(0);
    }

    private static void assertScipy(ColumnDrift column, JsonNode sample) {
        String name = sample.get("name").asText();
        assertThat(column.approximation()).as(name + ": no bounds left").isNull();
        assertRelative(column.statistic(), sample.get("d").asDouble(), name + " D");
        assertRelative(column.pValue(), sample.get("p").asDouble(), name + " p");
    }

    private static void assertRelative(double actual, double expected, String what) {
        assertThat(Math.abs(actual - expected)).as("%s: %s vs scipy %s", what, actual, expected)
                .isLessThanOrEqualTo(1e-9 * Math.abs(expected));
    }

    @Test
    void generatorReproducesTheScriptsSamplesBitForBit() {
        JsonNode sample = GoldenSamples.sample("300k");
        double[] values = GoldenSamples.values(sample.get("reference"));
        for (int i = 0; i < 3; i++) {
            assertThat(values[i]).isEqualTo(sample.get("firstValues").get(i).asDouble());
        }
    }

    @Test
    void belowTheExactLimitKsIsScipys() {
        JsonNode sample = GoldenSamples.sample("below the exact limit");
        assertScipy(ks(sample, 0), sample);
    }

    @Test
    void threeHundredThousandAgainstTwoHundredThousandIsScipysDAndP() {
        JsonNode sample = GoldenSamples.sample("300k");
        ColumnDrift column = ks(sample, 0);
        assertScipy(column, sample);
        assertThat(column.note()).contains("refinement pass");
    }

    @Test
    void shuffledRowsGiveTheSameExactAnswer() {
        JsonNode sample = GoldenSamples.sample("300k");
        assertScipy(ks(sample, 7), sample);
    }

    @Test
    void sameDistributionWithoutDriftIsScipysPelzGoodBranch() {
        JsonNode sample = GoldenSamples.sample("250k");
        assertScipy(ks(sample, 11), sample);
    }

    @Test
    void tiedValuesOnAStepAreCountedAsScipyCountsThem() {
        JsonNode sample = GoldenSamples.sample("400k");
        assertScipy(ks(sample, 5), sample);
    }

    @Test
    void againstABinnedReferenceProfileTheStatisticStaysBounded() {
        JsonNode sample = GoldenSamples.sample("300k");
        Path ref = GoldenSamples.writeCsv(dir.resolve("reference.csv"),
                GoldenSamples.values(sample.get("reference")), 0);
        Path cur = GoldenSamples.writeCsv(dir.resolve("current.csv"), GoldenSamples.values(sample.get("current")), 0);
        DriftCheck check = DriftCheck.withDefaults().with(DriftMethod.KS);
        var profile = check.profile(CsvSource.open(ref, "reference", CsvFormat.DEFAULT), BuildLog.silent());
        ColumnDrift column = check.compare(profile, true, CsvSource.open(cur, "current", CsvFormat.DEFAULT),
                BuildLog.silent()).columns().get(0);
        assertThat(column.approximation()).isNotNull();
        assertThat(column.note()).contains("saved profile");
        assertThat(column.approximation().scoreLow()).isLessThanOrEqualTo(sample.get("p").asDouble());
        assertThat(column.approximation().scoreHigh()).isGreaterThanOrEqualTo(sample.get("p").asDouble());
    }
}

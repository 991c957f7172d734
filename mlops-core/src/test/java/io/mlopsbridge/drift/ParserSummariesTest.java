package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.drift.profile.CategoricalAccumulator;
import io.mlopsbridge.drift.profile.DatasetProfile;
import io.mlopsbridge.drift.profile.NumericAccumulator;
import io.mlopsbridge.drift.profile.NumericSummary;
import io.mlopsbridge.log.BuildLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profiling read hands the per-value work to the parser threads: once a numeric column's grid is published they bin
 * and sum each chunk's values of it, and they count each chunk's categories. The profile must still be what adding
 * every value one by one, in row order, gives: the same counts, bins, extremes and distinct values exactly, and the
 * same mean and standard deviation to rounding (sums are taken per batch).
 */
class ParserSummariesTest {
    @TempDir
    Path dir;

    private static final String[] CHANNELS = {"web", "branch", "phone", "partner"};

    /**
     * 300 000 loan applications over many 1 MB chunks: a continuous amount (some missing), a term with few distinct
     * values (also counted per distinct value, on the merging thread), a score written with exponents, a channel, and
     * two columns with more distinct values per chunk than the parsers count (their values are counted one by one).
     */
    private Path applications(List<String[]> rows) {
        Random random = new Random(42);
        List<String> lines = new ArrayList<>();
        lines.add("amount,term,score,channel,branch,customer");
        for (int i = 0; i < 300_000; i++) {
            String amount = random.nextDouble() < 0.01 ? ""
                    : String.format(Locale.ROOT, "%.2f", 5_000 + 20_000 * Math.exp(random.nextGaussian() * 0.6));
            String term = Integer.toString(12 * (1 + random.nextInt(5)));
            String score = String.format(Locale.ROOT, "%.6e", 0.001 + random.nextGaussian() * 0.3);
            String channel = CHANNELS[random.nextInt(CHANNELS.length)];
            String branch = "b-" + random.nextInt(1_500); // more per chunk than a chunk's counts keep
            String customer = "c-" + random.nextInt(6_000); // more per chunk than the parser's table holds
            String[] row = {amount, term, score, channel, branch, customer};
            rows.add(row);
            lines.add(String.join(",", row));
        }
        try {
            return Files.write(dir.resolve("applications.csv"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aProfileReadWithParserSummariesEqualsEveryValueAddedInRowOrder() {
        List<String[]> rows = new ArrayList<>();
        Path file = applications(rows);

        DatasetProfile profile = DriftCheck.withDefaults()
                .profile(CsvSource.open(file, "reference", CsvFormat.DEFAULT), BuildLog.silent());

        String[] numeric = {"amount", "term", "score"};
        for (int c = 0; c < numeric.length; c++) {
            NumericAccumulator byHand = NumericAccumulator.selfGridded();
            for (String[] row : rows) {
                if (!row[c].isEmpty()) {
                    byHand.add(Double.parseDouble(row[c]), !row[c].contains(".") && !row[c].contains("e"));
                }
            }
            assertSameSummary(numeric[c], profile.column(numeric[c]).orElseThrow().numeric(), byHand.finish());
        }
        String[] categorical = {"channel", "branch", "customer"};
        for (int c = 0; c < categorical.length; c++) {
            CategoricalAccumulator byHand = new CategoricalAccumulator();
            for (String[] row : rows) {
                byHand.add(row[3 + c]);
            }
            assertThat(profile.column(categorical[c]).orElseThrow().categorical()).as(categorical[c])
                    .isEqualTo(byHand.finish());
        }
        assertThat(profile.column("amount").orElseThrow().missing()).isEqualTo(
                rows.stream().filter(row -> row[0].isEmpty()).count());
    }

    private static void assertSameSummary(String column, NumericSummary read, NumericSummary byHand) {
        assertThat(read.count()).as(column).isEqualTo(byHand.count());
        assertThat(read.exact()).as(column + " is binned").isFalse();
        assertThat(read.min()).as(column).isEqualTo(byHand.min());
        assertThat(read.max()).as(column).isEqualTo(byHand.max());
        assertThat(read.integers()).as(column).isEqualTo(byHand.integers());
        // Sums are taken per batch, then added: equal to rounding, not bit for bit.
        assertThat(Math.abs(read.mean() - byHand.mean())).as(column + " mean")
                .isLessThanOrEqualTo(1e-12 * (Math.abs(byHand.mean()) + byHand.std()));
        assertThat(Math.abs(read.std() - byHand.std())).as(column + " std").isLessThanOrEqualTo(1e-10 * byHand.std());
        assertThat(read.bins().grid()).as(column).isEqualTo(byHand.bins().grid());
        assertThat(read.bins().lowerTail()).as(column).containsExactly(byHand.bins().lowerTail());
        assertThat(read.bins().interior()).as(column).containsExactly(byHand.bins().interior());
        assertThat(read.bins().upperTail()).as(column).containsExactly(byHand.bins().upperTail());
        if (byHand.distinct() == null) {
            assertThat(read.distinct()).as(column).isNull();
        } else {
            assertThat(read.distinct().values()).as(column).containsExactly(byHand.distinct().values());
            assertThat(read.distinct().counts()).as(column).containsExactly(byHand.distinct().counts());
        }
    }
}

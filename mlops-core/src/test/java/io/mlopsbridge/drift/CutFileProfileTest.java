package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.drift.input.ColumnGrids;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.drift.input.PartitionedSource;
import io.mlopsbridge.drift.input.TabularSource;
import io.mlopsbridge.drift.profile.DatasetProfile;
import io.mlopsbridge.log.BuildLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One large CSV file is profiled as parts cut at line breaks, read in parallel and merged; the profile equals the one
 * pass over the file wherever the cuts land, and a cut inside a quoted field with line breaks sends the file back to
 * one pass.
 */
class CutFileProfileTest {
    @TempDir
    Path dir;

    /**
     * Loan rows with what a cut must keep right: a few bad rows (wrong field count, a word in the amount column), some
     * quoted fields with commas, and rarely a quoted channel with a line break in it (a cut may land inside one).
     */
    private static List<String> rows(int n, long seed) {
        Random random = new Random(seed);
        List<String> rows = new ArrayList<>(DriftData.rows(n, seed, 0));
        for (int i = 0; i < n; i++) {
            double dice = random.nextDouble();
            if (dice < 20.0 / n) {
                rows.set(i, "12.5,40,north");
            } else if (dice < 40.0 / n && i >= 10_000) { // after the rows that decide the column is numeric
                rows.set(i, "n/a," + rows.get(i).substring(rows.get(i).indexOf(',') + 1));
            } else if (dice < 0.01) {
                rows.set(i, rows.get(i).replace(",web", ",\"web, mobile\""));
            } else if (dice < 0.0102) {
                rows.set(i, rows.get(i).replace(",branch", ",\"branch\nwalk-in\""));
            }
        }
        return rows;
    }

    private static DatasetProfile profile(TabularSource source) {
        return DriftCheck.withDefaults().withMaxBadRows(1000).profile(source, BuildLog.silent());
    }

    @Test
    void aFileCutAtRandomPlacesProfilesLikeOnePass() {
        Random random = new Random(7);
        for (int trial = 0; trial < 6; trial++) {
            // Up to 100 000 rows keep every value exact, 150 000 move the numeric columns onto bins; 40 000 rows have
            // room for 7 parts of at least CsvSource.MIN_PART_BYTES.
            int n = trial % 2 == 0 ? 40_000 + random.nextInt(20_000) : 150_000;
            int parts = 2 + random.nextInt(6);
            Path file = DriftData.write(dir, "loans-" + trial + ".csv", rows(n, 100 + trial));
            CsvSource csv = CsvSource.open(file, "reference", CsvFormat.DEFAULT);
            assertThat(PartitionedSource.cutOf(csv.partitioned(parts)).parts()).as("parts").hasSize(parts);

            DatasetProfile cut = profile(csv.partitioned(parts));
            DatasetProfile whole = profile(csv.partitioned(1));

            ProfileAssertions.assertSameProfile(cut, whole);
            assertThat(cut.rows() + cut.badRows().count()).as("every row once, the header in none").isEqualTo(n);
            assertThat(cut.badRows()).as("bad rows with the file's line numbers").isEqualTo(whole.badRows());
        }
    }

    @Test
    void askingForMorePartsThanTheFileHasRoomForCutsNoPartSmallerThanTheMinimum() {
        Path file = DriftData.write(dir, "loans.csv", rows(20_000, 11));
        CsvSource csv = CsvSource.open(file, "reference", CsvFormat.DEFAULT).partitioned(100_000);
        int roomFor = (int) (csv.sizeBytes() / CsvSource.MIN_PART_BYTES);

        assertThat(roomFor).as("the file has room for a few parts").isBetween(2, 20);
        assertThat(csv.plannedParts()).isEqualTo(roomFor);
        assertThat(PartitionedSource.cutOf(csv).parts()).hasSize(roomFor);
    }

    @Test
    void aFileTooSmallForTwoPartsIsReadInOnePassWhateverIsAsked() {
        Path file = DriftData.write(dir, "loans.csv", rows(200, 12));
        CsvSource csv = CsvSource.open(file, "reference", CsvFormat.DEFAULT);

        assertThat(csv.partitioned(100_000).plannedParts()).isEqualTo(1);
        DatasetProfile profiled = profile(csv.partitioned(100_000));
        assertThat(profiled.rows() + profiled.badRows().count()).as("every row once").isEqualTo(200);
    }

    @Test
    void partsAreMergedWhenTheCutsFallBetweenRecords() {
        Path file = DriftData.write(dir, "loans.csv", rows(150_000, 3));
        CsvSource csv = CsvSource.open(file, "reference", CsvFormat.DEFAULT);
        PartitionedSource cut = PartitionedSource.cutOf(csv.partitioned(3));
        readParts(cut);
        assertThat(cut.cutsAtRecordBoundaries()).isTrue();
    }

    @Test
    void aCutInsideAQuotedFieldWithLineBreaksIsDetectedAndTheFileIsReadInOnePass() {
        List<String> rows = new ArrayList<>(DriftData.rows(20_000, 4, 0));
        // The middle row's note spans a fifth of the file, so cutting the file in two lands inside it.
        String note = String.join("\n", Collections.nCopies(30_000, "called back, no answer"));
        rows.set(10_000, rows.get(10_000).replace(",branch", ",\"" + note + "\"").replace(",web", ",\"" + note + "\""));
        Path file = DriftData.write(dir, "notes.csv", rows);
        CsvSource csv = CsvSource.open(file, "reference", CsvFormat.DEFAULT);

        PartitionedSource cut = PartitionedSource.cutOf(csv.partitioned(2));
        readParts(cut);
        assertThat(cut.cutsAtRecordBoundaries()).as("the cut fell inside the note").isFalse();

        DatasetProfile profiled = profile(csv.partitioned(2));
        DatasetProfile whole = profile(csv.partitioned(1));
        ProfileAssertions.assertSameProfile(profiled, whole);
        assertThat(profiled.rows()).isEqualTo(20_000);
        assertThat(profiled.badRows().count()).isZero();
    }

    @Test
    void aColumnWithMoreCategoriesThanAreCountedOneByOneIsReadInOnePass() {
        // Which customer ids get pooled past the category limit depends on the order a pass meets them in.
        List<String> rows = new ArrayList<>();
        List<String> loans = DriftData.rows(30_000, 8, 0);
        for (int i = 0; i < loans.size(); i++) {
            rows.add(loans.get(i) + ",c" + (i * 7919 % 30_000));
        }
        Path file = DriftData.write(dir, "customers.csv", DriftData.HEADER + ",customer", rows);
        CsvSource csv = CsvSource.open(file, "reference", CsvFormat.DEFAULT);
        DatasetProfile cut = profile(csv.partitioned(3));
        DatasetProfile whole = profile(csv.partitioned(1));
        assertThat(whole.column("customer").orElseThrow().categorical().pooled()).isPositive();
        ProfileAssertions.assertSameProfile(cut, whole);
    }

    @Test
    void driftAgainstACutReferenceEqualsDriftAgainstOnePass() {
        Path reference = DriftData.write(dir, "reference.csv", rows(150_000, 5));
        Path current = DriftData.write(dir, "current.csv", DriftData.rows(120_000, 6, 0.05));
        List<Double> scores = new ArrayList<>();
        for (int parts : new int[] {4, 1}) {
            DriftResult result = DriftCheck.withDefaults().run(
                    CsvSource.open(reference, "reference", CsvFormat.DEFAULT).partitioned(parts),
                    CsvSource.open(current, "current", CsvFormat.DEFAULT).partitioned(parts), BuildLog.silent());
            result.columns().forEach(c -> scores.add(c.score()));
        }
        int n = scores.size() / 2;
        for (int i = 0; i < n; i++) {
            assertThat(scores.get(i)).isCloseTo(scores.get(n + i), org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    private static void readParts(PartitionedSource cut) {
        int columns = cut.header().size();
        int[] all = IntStream.range(0, columns).toArray();
        for (TabularSource part : cut.parts()) {
            part.read(all, Collections.nCopies(columns, ColumnKind.CATEGORICAL), ColumnGrids.none(columns), b -> { });
        }
    }
}

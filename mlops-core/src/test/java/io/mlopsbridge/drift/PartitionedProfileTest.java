package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.PartitionedSource;
import io.mlopsbridge.drift.profile.NumericAccumulator;
import io.mlopsbridge.drift.input.Sources;
import io.mlopsbridge.drift.profile.DatasetProfile;
import io.mlopsbridge.log.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory of part files (as Spark writes) is profiled part by part in parallel and merged; the result equals the
 * profile of the same rows in one file, so drift results do not depend on how the data was split.
 */
class PartitionedProfileTest {
    @TempDir
    Path dir;

    /** 180 000 loan rows split unevenly into three part files, plus the same rows in one file. */
    private Path[] data() throws IOException {
        List<String> rows = DriftData.rows(180_000, 21, 0);
        Path parts = Files.createDirectories(dir.resolve("reference"));
        int[] cuts = {0, 70_000, 71_000, 180_000};
        for (int p = 0; p < 3; p++) {
            DriftData.write(parts, String.format("part-%05d.csv", p), rows.subList(cuts[p], cuts[p + 1]));
        }
        Files.writeString(parts.resolve("_SUCCESS"), "");
        return new Path[] {parts, DriftData.write(dir, "whole.csv", rows)};
    }

    private static DatasetProfile profile(Path path) {
        return DriftCheck.withDefaults().profile(Sources.open(path, "reference", CsvFormat.DEFAULT),
                BuildLog.silent());
    }

    @Test
    void partsProfiledInParallelMergeToTheProfileOfTheWhole() throws IOException {
        Path[] data = data();
        DatasetProfile merged = profile(data[0]);
        DatasetProfile whole = profile(data[1]);
        ProfileAssertions.assertSameProfile(merged, whole);
    }

    @Test
    void partsAreMergedNotReadAgainInOnePass() throws IOException {
        PartitionedSource parts = (PartitionedSource) Sources.open(data()[0], "reference", CsvFormat.DEFAULT);
        List<String> columns = parts.header();
        int[] indexes = java.util.stream.IntStream.range(0, columns.size()).toArray();
        List<ColumnKind> kinds = java.util.Collections.nCopies(columns.size(), null);
        assertThat(PartitionProfiler.profile(parts, "reference", columns, indexes, kinds,
                name -> NumericAccumulator.selfGridded(), 100, ReadProgress.none().start("test", -1)))
                .as("merged, no fallback").isNotNull();
    }

    @Test
    void theHeapRunningOutInAPartEndsTheProfileAsAnInputErrorInsteadOfReadingAgain() throws IOException {
        Path parts = Files.createDirectories(dir.resolve("parts"));
        DriftData.write(parts, "part-00000.csv", DriftData.rows(500, 23, 0));
        DriftData.write(parts, "part-00001.csv", DriftData.rows(500, 24, 0));
        PartitionedSource source = (PartitionedSource) Sources.open(parts, "reference", CsvFormat.DEFAULT);
        List<String> columns = source.header();
        int[] indexes = java.util.stream.IntStream.range(0, columns.size()).toArray();
        // Progress is reported on the part's own thread, as its batches are added up: the heap runs out there.
        ReadProgress.Reporter heapGone = new ReadProgress.Reporter() {
            @Override
            public void advance(long bytes, long rows) {
                throw new OutOfMemoryError("Java heap space");
            }

            @Override
            public void finish() {
            }
        };
        assertThatThrownBy(() -> PartitionProfiler.profile(source, "reference", columns, indexes,
                java.util.Collections.nCopies(columns.size(), null), name -> NumericAccumulator.selfGridded(), 100,
                heapGone)).isInstanceOf(MlopsException.class)
                .hasMessageContaining("the Java heap ran out while reading reference directory " + parts);
    }

    @Test
    void driftAgainstPartitionedDataEqualsDriftAgainstOneFile() throws IOException {
        Path[] data = data();
        Path current = DriftData.write(dir, "current.csv", DriftData.rows(120_000, 22, 0.05));
        List<Double> scores = new ArrayList<>();
        for (Path reference : data) {
            DriftResult result = DriftCheck.withDefaults().run(Sources.open(reference, "reference", CsvFormat.DEFAULT),
                    Sources.open(current, "current", CsvFormat.DEFAULT), BuildLog.silent());
            result.columns().forEach(c -> scores.add(c.score()));
        }
        int n = scores.size() / 2;
        for (int i = 0; i < n; i++) {
            assertThat(scores.get(i)).isCloseTo(scores.get(n + i), org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    @Test
    void partsWithDifferentHeadersAreAnInputError() throws IOException {
        Path parts = Files.createDirectories(dir.resolve("mixed"));
        DriftData.write(parts, "part-0.csv", DriftData.rows(10, 1, 0));
        DriftData.write(parts, "part-1.csv", "amount,age,region", List.of("1,2,north"));
        assertThatThrownBy(() -> Sources.open(parts, "reference", CsvFormat.DEFAULT))
                .isInstanceOf(MlopsException.class)
                .hasMessageContaining("part-1.csv")
                .hasMessageContaining("header");
    }

    @Test
    void badRowExamplesNameThePartFile() throws IOException {
        Path parts = Files.createDirectories(dir.resolve("bad"));
        DriftData.write(parts, "part-0.csv", DriftData.rows(500, 1, 0));
        List<String> rows = new ArrayList<>(DriftData.rows(500, 2, 0));
        rows.set(10, "12.5,40,north");
        DriftData.write(parts, "part-1.csv", rows);
        DatasetProfile profile = profile(parts);
        assertThat(profile.badRows().count()).isEqualTo(1);
        assertThat(profile.badRows().examples().get(0).toString()).isEqualTo(
                "line 12: part-1.csv: 3 fields where the header has 4");
    }
}

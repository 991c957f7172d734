package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.drift.profile.DatasetProfile;
import io.mlopsbridge.drift.profile.ProfileFile;
import io.mlopsbridge.drift.stats.Divergence;
import io.mlopsbridge.drift.stats.KolmogorovSmirnov;
import io.mlopsbridge.drift.stats.NumpyHistogram;
import io.mlopsbridge.drift.stats.Wasserstein;
import io.mlopsbridge.log.BuildLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Columns larger than the exact limit are counted on fine bins: the reported interval must contain the exact
 * statistic (computed here from the raw values), and the estimate must be close to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BinnedAccuracyTest {
    private static final int ROWS = 150_000;

    @TempDir
    static Path dir;
    private double[] reference;
    private double[] current;
    private Path referenceFile;
    private Path currentFile;

    @BeforeAll
    void writeData() {
        reference = new double[ROWS];
        current = new double[ROWS];
        referenceFile = write("ref.csv", reference, new Random(11), 0);
        currentFile = write("cur.csv", current, new Random(12), 0.08);
    }

    private Path write(String name, double[] values, Random random, double shift) {
        List<String> rows = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            // Log-normal income-like amounts: skewed, so tail and interior bins both matter.
            String text = String.format(Locale.ROOT, "%.2f", Math.exp(7 + shift + 0.6 * random.nextGaussian()));
            values[i] = Double.parseDouble(text);
            rows.add(text);
        }
        return DriftData.write(dir, name, "amount", rows);
    }

    private ColumnDrift checked(DriftMethod method) {
        DriftResult result = DriftCheck.withDefaults().with(method).run(
                CsvSource.open(referenceFile, "reference", CsvFormat.DEFAULT),
                CsvSource.open(currentFile, "current", CsvFormat.DEFAULT), BuildLog.silent());
        return result.columns().get(0);
    }

    private ColumnDrift binned(DriftMethod method) {
        ColumnDrift column = checked(method);
        assertThat(column.approximation()).as("binned above the exact limit").isNotNull();
        return column;
    }

    private static void assertWithin(ColumnDrift column, double exact, double tolerance) {
        assertThat(exact).as(column.method().id() + " exact value inside the reported bounds")
                .isBetween(column.approximation().scoreLow() - 1e-12, column.approximation().scoreHigh() + 1e-12);
        assertThat(Math.abs(column.score() - exact)).as(column.method().id() + " estimate near exact")
                .isLessThan(tolerance);
    }

    private double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    @Test
    void ksIsExactAfterTheRefinementPassThoughTheColumnIsBinned() {
        ColumnDrift column = checked(DriftMethod.KS);
        KolmogorovSmirnov.Outcome exact = KolmogorovSmirnov.test(reference, current);
        assertThat(column.approximation()).isNull();
        assertThat(column.statistic()).isCloseTo(exact.statistic(), within(1e-15));
        assertThat(column.pValue()).isCloseTo(exact.pValue(), within(1e-9 * exact.pValue()));
    }

    @Test
    void ksAgainstABinnedProfileIsBracketed() {
        DriftCheck check = DriftCheck.withDefaults().with(DriftMethod.KS);
        DatasetProfile profile = check.profile(CsvSource.open(referenceFile, "reference", CsvFormat.DEFAULT),
                BuildLog.silent());
        ColumnDrift column = check.compare(profile, true, CsvSource.open(currentFile, "current", CsvFormat.DEFAULT),
                BuildLog.silent()).columns().get(0);
        KolmogorovSmirnov.Outcome exact = KolmogorovSmirnov.test(reference, current);
        assertThat(exact.statistic()).isBetween(column.statistic() - 1e-12, column.statistic() + 0.002);
        assertWithin(column, exact.pValue(), 1);
    }

    @Test
    void wassersteinIsBracketed() {
        ColumnDrift column = binned(DriftMethod.WASSERSTEIN);
        double mean = Arrays.stream(reference).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(reference).map(v -> (v - mean) * (v - mean)).sum() / ROWS);
        assertWithin(column, Wasserstein.distance(reference, current) / std, 0.002);
    }

    @Test
    void binnedDistancesAreBracketed() {
        double min = Math.min(Arrays.stream(reference).min().orElseThrow(), Arrays.stream(current).min().orElseThrow());
        double max = Math.max(Arrays.stream(reference).max().orElseThrow(), Arrays.stream(current).max().orElseThrow());
        double[] edges = NumpyHistogram.sturgesEdges(min, max, 2L * ROWS, false);
        double[] p = shares(NumpyHistogram.counts(edges, sorted(reference)));
        double[] q = shares(NumpyHistogram.counts(edges, sorted(current)));
        assertWithin(binned(DriftMethod.PSI), Divergence.psi(Divergence.zeroFilled(p), Divergence.zeroFilled(q)), 1e-3);
        assertWithin(binned(DriftMethod.JS), Divergence.jensenShannon(p, q), 1e-3);
        assertWithin(binned(DriftMethod.KL),
                Divergence.kullbackLeibler(Divergence.zeroFilled(p), Divergence.zeroFilled(q)), 1e-3);
    }

    private static double[] shares(long[] counts) {
        double total = Arrays.stream(counts).sum();
        return Arrays.stream(counts).mapToDouble(c -> c / total).toArray();
    }

    @Test
    void identicalLargeInputsGiveNoDriftForEveryApplicableMethod() {
        for (DriftMethod method : List.of(DriftMethod.KS, DriftMethod.WASSERSTEIN, DriftMethod.PSI, DriftMethod.JS,
                DriftMethod.KL, DriftMethod.HELLINGER, DriftMethod.AUTO)) {
            DriftResult result = DriftCheck.withDefaults().with(method).run(
                    CsvSource.open(referenceFile, "reference", CsvFormat.DEFAULT),
                    CsvSource.open(referenceFile, "current", CsvFormat.DEFAULT), BuildLog.silent());
            assertThat(result.columns().get(0).drifted()).as(method.id()).isFalse();
        }
    }

    @Test
    void comparingWithASavedProfileGivesTheSameResultAsComparingWithTheData() {
        for (DriftMethod method : List.of(DriftMethod.WASSERSTEIN, DriftMethod.PSI)) {
            DriftCheck check = DriftCheck.withDefaults().with(method);
            DatasetProfile profile = check.profile(CsvSource.open(referenceFile, "reference", CsvFormat.DEFAULT),
                    BuildLog.silent());
            Path saved = dir.resolve("reference.profile.json");
            ProfileFile.save(profile, saved);
            DriftResult viaProfile = check.compare(ProfileFile.load(saved), true,
                    CsvSource.open(currentFile, "current", CsvFormat.DEFAULT), BuildLog.silent());
            ColumnDrift direct = binned(method);
            ColumnDrift loaded = viaProfile.columns().get(0);
            assertThat(loaded.score()).as(method.id()).isEqualTo(direct.score());
            assertThat(loaded.approximation()).isEqualTo(direct.approximation());
        }
    }

    @Test
    void withTheReferenceSortedTheBoundsStillContainTheExactValues() {
        // Worst case for the grid: the reference sorted, so the sample its bins come from is its smallest values.
        List<String> rows = new ArrayList<>();
        for (double v : sorted(reference)) {
            rows.add(String.format(Locale.ROOT, "%.2f", v));
        }
        Path sortedFile = DriftData.write(dir, "ref-sorted.csv", "amount", rows);
        double mean = Arrays.stream(reference).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(reference).map(v -> (v - mean) * (v - mean)).sum() / ROWS);
        double[] exact = {
            KolmogorovSmirnov.test(reference, current).pValue(),
            Wasserstein.distance(reference, current) / std,
        };
        List<DriftMethod> methods = List.of(DriftMethod.KS, DriftMethod.WASSERSTEIN);
        for (int i = 0; i < methods.size(); i++) {
            ColumnDrift ordered = DriftCheck.withDefaults().with(methods.get(i)).run(
                    CsvSource.open(sortedFile, "reference", CsvFormat.DEFAULT),
                    CsvSource.open(currentFile, "current", CsvFormat.DEFAULT), BuildLog.silent()).columns().get(0);
            if (ordered.approximation() == null) { // KS: refined to the exact value
                assertThat(ordered.score()).as(methods.get(i).id()).isCloseTo(exact[i], within(1e-9 * exact[i]));
            } else {
                assertThat(exact[i]).as(methods.get(i).id()).isBetween(ordered.approximation().scoreLow() - 1e-12,
                        ordered.approximation().scoreHigh() + 1e-12);
            }
        }
    }
}

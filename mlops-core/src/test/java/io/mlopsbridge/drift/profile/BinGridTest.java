package io.mlopsbridge.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinGridTest {
    /** The grid a sample gives, as the accumulator makes it (from the sorted sample). */
    static BinGrid gridOf(double[] sample) {
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        return BinGrid.fromSortedSample(sorted);
    }

    private static void assertBinsHoldTheirValues(BinGrid grid, double[] values) {
        int interior = grid.interiorBins();
        for (double x : values) {
            int bin = grid.binOf(x);
            assertThat(grid.lowerBound(bin)).as("lower bound of bin %d for %s", bin, x).isLessThanOrEqualTo(x);
            if (bin == interior - 1) {
                assertThat(x).isLessThanOrEqualTo(grid.upperBound(bin));
            } else {
                assertThat(x).as("upper bound of bin %d", bin).isLessThan(grid.upperBound(bin));
            }
        }
    }

    @Test
    void everyValueFallsInsideItsBinForSkewedDataAndFarTails() {
        Random random = new Random(1);
        double[] sample = new double[100_000];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = Math.exp(3 * random.nextGaussian());
        }
        BinGrid grid = gridOf(sample);
        assertThat(grid.interiorBins()).isEqualTo(BinGrid.QUANTILE_BINS + 1);
        double[] probes = new double[200_000];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = i % 10 == 0 ? -1e6 * random.nextDouble() : Math.exp(4 * random.nextGaussian());
        }
        assertBinsHoldTheirValues(grid, probes);
        assertBinsHoldTheirValues(grid, sample);
    }

    @Test
    void binsAreNumberedInValueOrder() {
        Random random = new Random(2);
        double[] sample = random.doubles(20_000).map(v -> Math.floor(v * 50)).toArray();
        BinGrid grid = gridOf(sample);
        double[] probes = random.doubles(50_000).map(v -> v * 200 - 100).sorted().toArray();
        int previous = Integer.MIN_VALUE;
        for (double x : probes) {
            int bin = grid.binOf(x);
            assertThat(bin).isGreaterThanOrEqualTo(previous);
            previous = bin;
        }
    }

    @Test
    void discreteDataGetsOneBinPerValue() {
        double[] sample = new Random(3).ints(10_000, 0, 7).asDoubleStream().toArray();
        BinGrid grid = gridOf(sample);
        assertThat(grid.edges()).containsExactly(0, 1, 2, 3, 4, 5, 6, Math.nextUp(6.0));
        assertThat(grid.binOf(3)).isEqualTo(3);
        assertThat(grid.binOf(6)).isEqualTo(6);
    }

    @Test
    void aConstantSampleStillBinsEverything() {
        BinGrid grid = gridOf(new double[] {5, 5, 5});
        assertBinsHoldTheirValues(grid, new double[] {5, 4.999, 5.001, -1e300, 1e300});
    }

    @Test
    void theLookupTableFindsTheSameBinAsASearchOfTheEdges() {
        Random random = new Random(4);
        double[][] samples = {
            random.doubles(100_000).map(v -> 100 + 10 * random.nextGaussian()).toArray(),
            random.doubles(100_000).map(v -> Math.exp(2 * random.nextGaussian())).toArray(),
            random.doubles(100_000).map(v -> Math.round(random.nextGaussian() * 300) / 100.0).toArray(),
        };
        for (double[] sample : samples) {
            BinGrid grid = gridOf(sample);
            double[] edges = grid.edges();
            for (double edge : edges) {
                for (double x : new double[] {Math.nextDown(edge), edge, Math.nextUp(edge)}) {
                    if (x < edges[0] || x > edges[edges.length - 1]) {
                        continue; // tail bins: another test
                    }
                    assertThat(grid.binOf(x)).as("bin of %s", x).isEqualTo(searched(edges, x));
                }
            }
            for (double x : sample) {
                assertThat(grid.binOf(x)).as("bin of %s", x).isEqualTo(searched(edges, x));
            }
        }
    }

    @Test
    void negativeZeroFallsInTheBinOfZero() {
        // Rounded data ("-0.00" in a CSV file) parses to -0.0, which equals 0.0; with 0 an edge, both share its bin.
        Random random = new Random(5);
        double[] sample = random.doubles(100_000).map(v -> Math.round(random.nextGaussian() * 300) / 100.0).toArray();
        BinGrid grid = gridOf(sample);
        assertThat(grid.edges()).contains(0.0);
        assertThat(grid.binOf(-0.0)).isEqualTo(grid.binOf(0.0)).isEqualTo(searched(grid.edges(), 0.0));
    }

    @Test
    void continuousDataGetsItsEdgesOnTheLookupCellsAndBinsStillFindTheirValues() {
        Random random = new Random(6);
        double[] sample = random.doubles(100_000).map(v -> 250 + 40 * random.nextGaussian()).toArray();
        BinGrid grid = gridOf(sample);
        assertThat(grid.cellsAreBins()).isTrue();
        double[] edges = grid.edges();
        for (double edge : edges) {
            for (double x : new double[] {Math.nextDown(edge), edge, Math.nextUp(edge)}) {
                if (x >= edges[0] && x <= edges[edges.length - 1]) {
                    assertThat(grid.binOf(x)).as("bin of %s", x).isEqualTo(searched(edges, x));
                }
            }
        }
        for (double x : random.doubles(200_000).map(v -> 250 + 45 * random.nextGaussian()).toArray()) {
            if (x >= edges[0] && x <= edges[edges.length - 1]) {
                assertThat(grid.binOf(x)).as("bin of %s", x).isEqualTo(searched(edges, x));
            }
        }
    }

    @Test
    void roundedDataWithManyValuesGetsItsEdgesOnTheLookupCellsAndEachBinKeepsItsSampleValues() {
        // Two decimals and a spread of 10: thousands of distinct values, repeated quantiles (edges on repeated values).
        Random random = new Random(9);
        double[] sample = random.doubles(100_000).map(v -> Math.round((100 + 10 * random.nextGaussian()) * 100) / 100.0)
                .toArray();
        BinGrid grid = gridOf(sample);
        assertThat(grid.cellsAreBins()).isTrue();
        assertThat(grid.interiorBins()).isLessThan(BinGrid.QUANTILE_BINS + 1);
        double[] quantileEdges = quantileEdges(sample);
        assertThat(grid.edges()).hasSameSizeAs(quantileEdges);
        for (double x : sample) { // each value in the bin the unmoved quantile edges give it
            assertThat(grid.binOf(x)).as("bin of %s", x).isEqualTo(searched(quantileEdges, x));
        }
    }

    @Test
    void edgesMovedToTheLookupCellsStayNearTheSampleQuantiles() {
        Random random = new Random(7);
        double[] sample = random.doubles(100_000).map(v -> 250 + 40 * random.nextGaussian()).toArray();
        BinGrid grid = gridOf(sample);
        int[] perBin = new int[grid.interiorBins()];
        for (double x : sample) {
            perBin[grid.binOf(x)]++;
        }
        // Quantile bins hold n/4096 ≈ 24.4 values of the sample each; an edge moves by at most 1/16 of an average
        // bin, which near the mode of a normal sample is about 1/8 of a bin there.
        double quantileShare = sample.length / (double) BinGrid.QUANTILE_BINS;
        for (int bin = 0; bin < perBin.length - 1; bin++) {
            assertThat(perBin[bin]).as("values in bin %d", bin)
                    .isBetween((int) (0.4 * quantileShare), (int) (1.6 * quantileShare));
        }
    }

    @Test
    void aGridRebuiltFromItsSavedEdgesFindsBinsTheSameWay() {
        Random random = new Random(8);
        double[] sample = random.doubles(100_000).map(v -> -3 + 0.5 * random.nextGaussian()).toArray();
        BinGrid grid = gridOf(sample);
        BinGrid rebuilt = BinGrid.of(grid.edges(), grid.unit());
        assertThat(rebuilt).isEqualTo(grid);
        assertThat(rebuilt.cellsAreBins()).isTrue();
        for (double x : random.doubles(100_000).map(v -> -3 + random.nextGaussian()).toArray()) {
            assertThat(rebuilt.binOf(x)).isEqualTo(grid.binOf(x));
        }
    }

    @Test
    void aGridWithMoreEdgesThanItsLookupTableNumbersIsRefused() {
        double[] edges = java.util.stream.IntStream.range(0, BinGrid.MAX_EDGES + 1).asDoubleStream().toArray();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BinGrid.of(edges, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + BinGrid.MAX_EDGES + " edges");
    }

    @Test
    void everyValueGetsTheBinItsEdgesDefineForSamplesOfVeryDifferentShapes() {
        // Magnitudes from subnormal to 1e300, ranges across zero, a far outlier, rounding steps near and far from
        // zero: where the cells are narrow compared with the doubles there, or a cell start is hard to find.
        Random random = new Random(10);
        java.util.List<java.util.function.DoubleSupplier> shapes = java.util.List.of(
            () -> random.nextGaussian() * 1e-300,
            () -> random.nextGaussian() * 1e300,
            () -> Double.MIN_VALUE * random.nextInt(100_000),
            () -> 1e15 + random.nextInt(1_000_000),
            () -> random.nextGaussian() * 1e-9 + 1,
            () -> random.nextDouble() < 0.999 ? random.nextGaussian() : 1e250,
            () -> Math.round(random.nextGaussian() * 1e5) / 1e7,
            () -> Math.round(random.nextGaussian() * 40_000) / 100.0,
            () -> -Math.exp(5 * random.nextGaussian()),
            () -> random.nextBoolean() ? -0.0 : random.nextGaussian());
        for (java.util.function.DoubleSupplier shape : shapes) {
            double[] sample = new double[50_000];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = shape.getAsDouble();
            }
            BinGrid grid = gridOf(sample);
            double[] edges = grid.edges();
            for (double edge : edges) {
                for (double x : new double[] {Math.nextDown(edge), edge, Math.nextUp(edge)}) {
                    if (x >= edges[0] && x <= edges[edges.length - 1]) {
                        assertThat(grid.binOf(x)).as("bin of %s", x).isEqualTo(searched(edges, x));
                    }
                }
            }
            for (double x : sample) {
                assertThat(grid.binOf(x)).as("bin of %s", x).isEqualTo(searched(edges, x));
            }
            BinnedBatch batch = BinnedBatch.of(grid, sample[0], sample, sample.length);
            int[] perBin = new int[grid.interiorBins()];
            for (double x : sample) {
                perBin[grid.binOf(x)]++;
            }
            assertThat(batch.interior).isEqualTo(perBin);
        }
    }

    /** The sample's distinct quantiles at k/4096 and the maximum's successor: the grid's edges before any move. */
    private static double[] quantileEdges(double[] sample) {
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return java.util.stream.DoubleStream.concat(
                java.util.stream.IntStream.rangeClosed(0, BinGrid.QUANTILE_BINS)
                        .mapToDouble(k -> sorted[(int) ((long) k * (n - 1) / BinGrid.QUANTILE_BINS)]).distinct(),
                java.util.stream.DoubleStream.of(Math.nextUp(sorted[n - 1]))).toArray();
    }

    /** The definition of an interior bin: the largest i with edges[i] <= x (the last edge closes the last bin). */
    private static int searched(double[] edges, double x) {
        if (x == edges[edges.length - 1]) {
            return edges.length - 2;
        }
        int i = Arrays.binarySearch(edges, x);
        return i >= 0 ? i : -i - 2;
    }
}

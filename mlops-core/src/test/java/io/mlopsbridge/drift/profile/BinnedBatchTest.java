package io.mlopsbridge.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BinnedBatchTest {
    /** Counts per interior bin and the tail bins, as adding each value's {@link BinGrid#binOf} one by one gives them. */
    private static void assertCountedAsBinOfPlacesEachValue(BinGrid grid, double[] values) {
        BinnedBatch batch = BinnedBatch.of(grid, values[0], values, values.length);
        int[] interior = new int[grid.interiorBins()];
        int tails = 0;
        for (double v : values) {
            int bin = grid.binOf(v);
            if (bin >= 0 && bin < interior.length) {
                interior[bin]++;
            } else {
                tails++;
            }
        }
        assertThat(batch.interior).isEqualTo(interior);
        assertThat(batch.tailCount).isEqualTo(tails);
    }

    @Test
    void aBatchOnAGridWithEdgesOnItsCellsCountsEachValueInTheBinBinOfGivesIt() {
        Random random = new Random(11);
        BinGrid grid = BinGridTest.gridOf(random.doubles(100_000).map(v -> random.nextGaussian()).toArray());
        assertThat(grid.cellsAreBins()).isTrue();
        double[] edges = grid.edges();
        double[] values = new double[3 * edges.length + 20_000];
        int n = 0;
        for (double edge : edges) { // every edge and its neighbouring doubles: where a cell entry could be one off
            values[n++] = Math.nextDown(edge);
            values[n++] = edge;
            values[n++] = Math.nextUp(edge);
        }
        while (n < values.length) { // both tails, and -0.0 next to 0.0
            double g = random.nextGaussian() * 4;
            values[n++] = n % 1000 == 0 ? -0.0 : n % 1000 == 1 ? 0.0 : g;
        }
        assertCountedAsBinOfPlacesEachValue(grid, values);
    }

    /** Gaussian values rounded to hundredths, {@code spread} hundredths to a standard deviation. */
    private static double[] rounded(Random random, int n, int spread) {
        return random.doubles(n).map(v -> Math.round(random.nextGaussian() * spread) / 100.0).toArray();
    }

    /** Rounded data: repeated quantiles, so the edges stay on the values and the lookup compares with them. */
    private static BinGrid roundedDataGrid(Random random) {
        BinGrid grid = BinGridTest.gridOf(rounded(random, 100_000, 300));
        assertThat(grid.cellsAreBins()).isFalse();
        return grid;
    }

    @Test
    void aBatchOnAGridThatComparesWithEdgesCountsTheSameAsBinOf() {
        Random random = new Random(12);
        assertCountedAsBinOfPlacesEachValue(roundedDataGrid(random), rounded(random, 50_000, 500));
    }

    /** Minimum, maximum and the sums around the centre, as one loop over the values in order gives them. */
    private static void assertExtremesAndSumsOf(BinGrid grid, double centre, double[] values) {
        BinnedBatch batch = BinnedBatch.of(grid, centre, values, values.length);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double squares = 0;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v - centre;
            squares += (v - centre) * (v - centre);
        }
        assertThat(batch.min).as("minimum").isEqualTo(min);
        assertThat(batch.max).as("maximum").isEqualTo(max);
        assertThat(batch.sum).as("sum").isEqualTo(sum);
        assertThat(batch.sumSquares).as("sum of squares").isEqualTo(squares);
        assertThat(batch.count).isEqualTo(values.length);
    }

    @Test
    void aBatchKnowsItsExtremesWhereverTheyLieAgainstTheLookupRange() {
        Random random = new Random(13);
        BinGrid grid = BinGridTest.gridOf(random.doubles(100_000).map(v -> 50 + 10 * random.nextGaussian()).toArray());
        assertThat(grid.cellsAreBins()).isTrue();
        // Daily transaction amounts around 50: a quiet day inside the reference's middle range, days with one low or
        // one high outlier, a day with both, and a single-value batch.
        double[] quiet = random.doubles(15_000).map(v -> 45 + 10 * v).toArray();
        double[] lowOutlier = quiet.clone();
        lowOutlier[7_000] = -3.25;
        double[] highOutlier = quiet.clone();
        highOutlier[14_999] = 412.5;
        double[] both = lowOutlier.clone();
        both[0] = 980.0;
        for (double[] day : new double[][] {quiet, lowOutlier, highOutlier, both, {50.5}}) {
            assertExtremesAndSumsOf(grid, 50.0, day);
        }
    }

    @Test
    void aBatchOnAGridWithoutALookupTableKnowsItsExtremes() {
        Random random = new Random(14);
        assertExtremesAndSumsOf(roundedDataGrid(random), 0.0, rounded(random, 20_000, 200));
    }
}

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

    @Test
    void aBatchOnAGridThatComparesWithEdgesCountsTheSameAsBinOf() {
        Random random = new Random(12);
        // Rounded data: repeated quantiles, so the edges stay on the values and the lookup compares with them.
        BinGrid grid = BinGridTest.gridOf(random.doubles(100_000).map(v -> Math.round(random.nextGaussian() * 300) / 100.0)
                .toArray());
        assertThat(grid.cellsAreBins()).isFalse();
        double[] values = random.doubles(50_000).map(v -> Math.round(random.nextGaussian() * 500) / 100.0).toArray();
        assertCountedAsBinOfPlacesEachValue(grid, values);
    }
}

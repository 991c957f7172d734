package io.mlopsbridge.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: a column cut into parts at random row boundaries, each part accumulated on its own and the parts merged
 * (in row order for exact parts, in random order for parts on the whole's grid), gives the summary of the whole read
 * in one pass — same count, bounds, distinct values, exact values or bins; mean and std to rounding.
 */
class AccumulatorMergeTest {
    private static final int TRIALS = 25;

    /** Payment amounts: log-normal, sometimes rounded to whole units (ties, integer literals), sometimes huge. */
    private static double[] amounts(Random random, int n) {
        double[] values = new double[n];
        boolean rounded = random.nextBoolean();
        for (int i = 0; i < n; i++) {
            double v = Math.exp(4 + random.nextGaussian());
            if (random.nextInt(1000) == 0) {
                v *= 1e4; // a tail value beyond the grid's sampled range
            }
            values[i] = rounded ? Math.rint(v) : v;
        }
        return values;
    }

    private static int[] cuts(Random random, int n) {
        int parts = 2 + random.nextInt(6);
        int[] cuts = new int[parts + 1];
        for (int k = 1; k < parts; k++) {
            cuts[k] = random.nextInt(n + 1);
        }
        cuts[parts] = n;
        Arrays.sort(cuts);
        return cuts;
    }

    private static NumericSummary whole(double[] values) {
        NumericAccumulator a = NumericAccumulator.selfGridded();
        for (double v : values) {
            a.add(v, v == Math.rint(v));
        }
        return a.finish();
    }

    /** The grid a single pass would pick: from the first EXACT_LIMIT values in row order. */
    private static BinGrid gridOfWhole(double[] values) {
        double[] head = Arrays.copyOf(values, NumericAccumulator.EXACT_LIMIT);
        Arrays.sort(head);
        return BinGrid.fromSortedSample(head);
    }

    private static NumericSummary merged(double[] values, int[] cuts, Random random) {
        boolean large = values.length > NumericAccumulator.EXACT_LIMIT;
        BinGrid grid = large ? gridOfWhole(values) : null;
        List<NumericAccumulator> parts = new ArrayList<>();
        for (int k = 0; k + 1 < cuts.length; k++) {
            NumericAccumulator part = large ? NumericAccumulator.onGrid(grid) : NumericAccumulator.selfGridded();
            for (int i = cuts[k]; i < cuts[k + 1]; i++) {
                part.add(values[i], values[i] == Math.rint(values[i]));
            }
            parts.add(part);
        }
        if (large) {
            Collections.shuffle(parts, random); // counts on one grid merge in any order
        }
        NumericAccumulator total = parts.get(0);
        for (NumericAccumulator part : parts.subList(1, parts.size())) {
            total.merge(part);
        }
        return total.finish();
    }

    private static void assertSameSummary(NumericSummary merged, NumericSummary whole) {
        assertThat(merged.count()).isEqualTo(whole.count());
        assertThat(merged.min()).isEqualTo(whole.min());
        assertThat(merged.max()).isEqualTo(whole.max());
        assertThat(merged.integers()).isEqualTo(whole.integers());
        assertThat(merged.exact()).isEqualTo(whole.exact());
        if (whole.distinct() == null) {
            assertThat(merged.distinct()).isNull();
        } else {
            assertThat(merged.distinct().values()).containsExactly(whole.distinct().values());
            assertThat(merged.distinct().counts()).containsExactly(whole.distinct().counts());
        }
        if (whole.exact()) {
            assertThat(merged.sortedValues()).containsExactly(whole.sortedValues());
            assertThat(merged.mean()).isEqualTo(whole.mean());
            assertThat(merged.std()).isEqualTo(whole.std());
        } else {
            assertThat(merged.bins().grid()).isEqualTo(whole.bins().grid());
            assertThat(merged.bins().lowerTail()).containsExactly(whole.bins().lowerTail());
            assertThat(merged.bins().interior()).containsExactly(whole.bins().interior());
            assertThat(merged.bins().upperTail()).containsExactly(whole.bins().upperTail());
            assertThat(Math.abs(merged.mean() - whole.mean())).isLessThanOrEqualTo(1e-12 * Math.abs(whole.mean()));
            assertThat(Math.abs(merged.std() - whole.std())).isLessThanOrEqualTo(1e-10 * whole.std());
        }
    }

    @Test
    void smallColumnsSplitAnywhereMergeToTheExactValuesOfTheWhole() {
        Random random = new Random(42);
        for (int trial = 0; trial < TRIALS; trial++) {
            double[] values = amounts(random, 1 + random.nextInt(30_000));
            assertSameSummary(merged(values, cuts(random, values.length), random), whole(values));
        }
    }

    @Test
    void partsThatCrossTheExactLimitTogetherSwitchToBinsAsTheWholeDoes() {
        Random random = new Random(7);
        for (int trial = 0; trial < 5; trial++) {
            // each part exact, the whole over the limit: replaying the later parts switches to the whole's grid
            double[] values = amounts(random, NumericAccumulator.EXACT_LIMIT + 1 + random.nextInt(50_000));
            int[] cuts = {0, NumericAccumulator.EXACT_LIMIT / 2, values.length};
            List<NumericAccumulator> parts = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                NumericAccumulator part = NumericAccumulator.selfGridded();
                for (int i = cuts[k]; i < cuts[k + 1]; i++) {
                    part.add(values[i], values[i] == Math.rint(values[i]));
                }
                parts.add(part);
            }
            assertThat(parts.get(1).grid()).as("both parts still exact").isNull();
            parts.get(0).merge(parts.get(1));
            NumericSummary merged = parts.get(0).finish();
            NumericSummary whole = whole(values);
            assertThat(merged.bins().interior()).containsExactly(whole.bins().interior());
            assertThat(merged.mean()).isEqualTo(whole.mean());
        }
    }

    @Test
    void largeColumnsCountedOnTheWholesGridMergeInAnyOrderToTheWholesBins() {
        Random random = new Random(9);
        for (int trial = 0; trial < 6; trial++) {
            double[] values = amounts(random, NumericAccumulator.EXACT_LIMIT + 1 + random.nextInt(200_000));
            assertSameSummary(merged(values, cuts(random, values.length), random), whole(values));
        }
    }

    @Test
    void binnedPartsOnDifferentGridsAreRefused() {
        Random random = new Random(3);
        NumericAccumulator a = NumericAccumulator.onGrid(gridOfWhole(amounts(random, NumericAccumulator.EXACT_LIMIT)));
        NumericAccumulator b = NumericAccumulator.onGrid(gridOfWhole(amounts(random, NumericAccumulator.EXACT_LIMIT)));
        b.add(12.5, false);
        assertThatThrownBy(() -> a.merge(b)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void categoricalPartsMergeToTheCountsOfTheWhole() {
        Random random = new Random(5);
        String[] regions = {"north", "south", "east", "west", "central", "islands"};
        for (int trial = 0; trial < TRIALS; trial++) {
            int n = 1 + random.nextInt(20_000);
            String[] values = new String[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(50) == 0 ? "branch-" + random.nextInt(500) : regions[random.nextInt(6)];
            }
            CategoricalAccumulator whole = new CategoricalAccumulator();
            for (String v : values) {
                whole.add(v);
            }
            int[] cuts = cuts(random, n);
            List<CategoricalAccumulator> parts = new ArrayList<>();
            for (int k = 0; k + 1 < cuts.length; k++) {
                CategoricalAccumulator part = new CategoricalAccumulator();
                for (int i = cuts[k]; i < cuts[k + 1]; i++) {
                    part.add(values[i]);
                }
                parts.add(part);
            }
            Collections.shuffle(parts, random);
            CategoricalAccumulator total = parts.get(0);
            parts.subList(1, parts.size()).forEach(total::merge);
            assertThat(total.finish()).isEqualTo(whole.finish());
        }
    }
}

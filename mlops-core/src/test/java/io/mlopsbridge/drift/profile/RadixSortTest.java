package io.mlopsbridge.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RadixSortTest {
    private static void assertSortsLikeArraysSort(double[] values) {
        double[] expected = values.clone();
        Arrays.sort(expected);
        double[] sorted = values.clone();
        RadixSort.sort(sorted);
        // Arrays.equals compares bits, so -0.0 against 0.0 and the order of the two counts
        assertThat(Arrays.equals(sorted, expected)).as("sorted like Arrays.sort").isTrue();
    }

    @Test
    void sortsAColumnOfRoundedMeasurementsWithRepeats() {
        Random random = new Random(21);
        assertSortsLikeArraysSort(random.doubles(100_000)
                .map(v -> Math.round((250 + 40 * random.nextGaussian()) * 100) / 100.0).toArray());
    }

    @Test
    void sortsWholeNumbersWhoseLowDigitsAreAllZero() {
        Random random = new Random(23);
        assertSortsLikeArraysSort(random.ints(20_000, 0, 5000).asDoubleStream().toArray()); // e.g. counts
    }

    @Test
    void sortsNegativeAndPositiveValuesOfEveryMagnitude() {
        Random random = new Random(22);
        double[] values = new double[50_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (random.nextBoolean() ? -1 : 1) * Math.scalb(random.nextDouble(), random.nextInt(2000) - 1074);
        }
        assertSortsLikeArraysSort(values);
    }

    @Test
    void putsNegativeZeroBeforeZeroAndKeepsTheExtremes() {
        assertSortsLikeArraysSort(new double[] {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
            -Double.MAX_VALUE, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0.0, -0.0, 1.5, -1.5, Double.NaN});
    }

    @Test
    void leavesEmptyAndSingleValueArraysAndAnArrayOfOneValueAlone() {
        assertSortsLikeArraysSort(new double[0]);
        assertSortsLikeArraysSort(new double[] {3.25});
        double[] same = new double[1000];
        Arrays.fill(same, -7.5);
        assertSortsLikeArraysSort(same);
    }
}

package io.mlopsbridge.drift.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Exact 1-D Wasserstein-1 distance ∫|U − V| dx between two weighted samples, as scipy's wasserstein_distance. */
public final class Wasserstein {
    private Wasserstein() {
    }

    /** Unweighted samples. */
    public static double distance(double[] u, double[] v) {
        return distance(u, null, v, null);
    }

    /** Weighted samples; a null weight array means weight 1 for every value. */
    public static double distance(double[] u, double[] uWeights, double[] v, double[] vWeights) {
        Cdf uCdf = Cdf.of(u, uWeights);
        Cdf vCdf = Cdf.of(v, vWeights);
        double[] all = new double[u.length + v.length];
        System.arraycopy(u, 0, all, 0, u.length);
        System.arraycopy(v, 0, all, u.length, v.length);
        Arrays.sort(all);
        double sum = 0;
        for (int i = 0; i + 1 < all.length; i++) {
            double delta = all[i + 1] - all[i];
            if (delta != 0) {
                sum += Math.abs(uCdf.at(all[i]) - vCdf.at(all[i])) * delta;
            }
        }
        return sum;
    }

    /** Right-continuous empirical CDF, read left to right with a moving cursor. */
    private static final class Cdf {
        private final double[] sorted;
        private final double[] cumulative; // cumulative[i] = weight of sorted[0..i-1]
        private int cursor;

        private Cdf(double[] sorted, double[] cumulative) {
            this.sorted = sorted;
            this.cumulative = cumulative;
        }

        static Cdf of(double[] values, double[] weights) {
            int n = values.length;
            Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
            double[] sorted = new double[n];
            double[] cumulative = new double[n + 1];
            for (int k = 0; k < n; k++) {
                sorted[k] = values[order[k]];
                cumulative[k + 1] = cumulative[k] + (weights == null ? 1 : weights[order[k]]);
            }
            return new Cdf(sorted, cumulative);
        }

        /** Share of weight at values {@code <= x}; x must not decrease between calls. */
        double at(double x) {
            while (cursor < sorted.length && sorted[cursor] <= x) {
                cursor++;
            }
            return cumulative[cursor] / cumulative[sorted.length];
        }
    }
}

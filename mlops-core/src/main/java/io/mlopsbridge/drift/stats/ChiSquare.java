package io.mlopsbridge.drift.stats;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/** Pearson's goodness-of-fit test as scipy.stats.chisquare(f_obs, f_exp): statistic Σ(o−e)²/e, k−1 degrees of freedom. */
public final class ChiSquare {
    private ChiSquare() {
    }

    /** Statistic and p-value. */
    public record Outcome(double statistic, double pValue) {
    }

    /**
     * An expected count of zero with a non-zero observed count makes the statistic infinite and p zero (scipy does
     * the same). With a single category scipy's p is undefined (NaN); we report 1, since one category cannot shift.
     */
    public static Outcome goodnessOfFit(double[] observed, double[] expected) {
        double statistic = 0;
        for (int i = 0; i < observed.length; i++) {
            double diff = observed[i] - expected[i];
            if (expected[i] == 0) {
                statistic += diff == 0 ? 0 : Double.POSITIVE_INFINITY;
            } else {
                statistic += diff * diff / expected[i];
            }
        }
        int degrees = observed.length - 1;
        if (degrees < 1) {
            return new Outcome(statistic, 1);
        }
        double p = Double.isInfinite(statistic) ? 0 : ChiSquaredDistribution.of(degrees).survivalProbability(statistic);
        return new Outcome(statistic, p);
    }
}

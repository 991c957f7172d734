package io.mlopsbridge.drift.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

/** Two-proportion Z-test with pooled variance, two-sided, as Evidently's {@code z} test. */
public final class ProportionZTest {
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private ProportionZTest() {
    }

    /** Statistic z and its two-sided p-value. */
    public record Outcome(double statistic, double pValue) {
    }

    /**
     * {@code ones1} of {@code n1} reference values and {@code ones2} of {@code n2} current values are "1" (not the
     * first key). p is computed as 2·P(Z > |z|), which equals Evidently's 2·(1 − Φ(|z|)) but keeps its digits
     * for tiny p.
     */
    public static Outcome test(long ones1, long n1, long ones2, long n2) {
        double p1 = (double) ones1 / n1;
        double p2 = (double) ones2 / n2;
        double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (Double.isNaN(z)) {
            return new Outcome(0, 1); // both samples all one value: nothing to compare
        }
        return new Outcome(z, 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z)));
    }
}

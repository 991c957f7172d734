package io.mlopsbridge.drift;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The drift tests, with Evidently's default thresholds and comparison operators (which differ between tests:
 * KS drifts at {@code p <= threshold}, chi-square and Z at {@code p < threshold}, distances at
 * {@code score >= threshold}).
 */
public enum DriftMethod {
    /** Evidently's default choice per column (see {@link AutoMethod}). */
    AUTO("auto", false, Double.NaN, false),
    /** Kolmogorov–Smirnov p-value (scipy ks_2samp, method auto). Numeric columns. */
    KS("ks", true, 0.05, true),
    /** Population stability index on Evidently's bins. */
    PSI("psi", false, 0.1, true),
    /** Wasserstein-1 distance divided by the reference's population standard deviation (at least 0.001). Numeric. */
    WASSERSTEIN("wasserstein", false, 0.1, true),
    /** Jensen–Shannon distance (natural log) on Evidently's bins. */
    JS("js", false, 0.1, true),
    /** Chi-square goodness-of-fit p-value of current counts against reference shares. */
    CHI2("chi2", true, 0.05, false),
    /** Two-proportion Z-test p-value (first category versus the rest). */
    Z("z", true, 0.05, false),
    /** Kullback–Leibler divergence KL(reference‖current) on Evidently's bins. */
    KL("kl", false, 0.1, true),
    /** Hellinger distance on Evidently's bins. */
    HELLINGER("hellinger", false, 0.1, true);

    private final String id;
    private final boolean pValue;
    private final double defaultThreshold;
    private final boolean inclusive;

    DriftMethod(String id, boolean pValue, double defaultThreshold, boolean inclusive) {
        this.id = id;
        this.pValue = pValue;
        this.defaultThreshold = defaultThreshold;
        this.inclusive = inclusive;
    }

    /** The name used on the command line, in rules ({@code psi.amount}) and in JSON. */
    public String id() {
        return id;
    }

    /** Whether the score is a p-value (small means drift) rather than a distance (large means drift). */
    public boolean isPValue() {
        return pValue;
    }

    public double defaultThreshold() {
        return defaultThreshold;
    }

    /**
     * Whether {@code threshold} can separate drift from no drift: a p-value lies in [0, 1], so at 1 or more every
     * column drifts and at 0 almost none does; a distance has no upper bound, so any threshold of 0 or more can.
     */
    public boolean suits(double threshold) {
        return !pValue || (threshold > 0 && threshold < 1);
    }

    /** Evidently's verdict for a score against a threshold. */
    public boolean drifted(double score, double threshold) {
        if (pValue) {
            return inclusive ? score <= threshold : score < threshold;
        }
        return score >= threshold;
    }

    /** The operator in words, for reports: e.g. {@code p <= 0.05}. */
    public String rule(double threshold) {
        String op = pValue ? (inclusive ? "<=" : "<") : ">=";
        return (pValue ? "p " : "score ") + op + " " + threshold;
    }

    public static DriftMethod parse(String text) {
        return parse(text, DriftInputNames.METHOD);
    }

    /** As {@link #parse(String)}, for a method given as {@code input} (such as a column's own method). */
    public static DriftMethod parse(String text, InputName input) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.id.equals(wanted)).findFirst()
                .orElseThrow(() -> MlopsException.input(input + ": unknown drift method '" + text + "'",
                        "use one of " + Arrays.stream(values()).map(DriftMethod::id).collect(Collectors.joining(", "))));
    }
}

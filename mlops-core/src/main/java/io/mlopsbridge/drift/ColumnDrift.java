package io.mlopsbridge.drift;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The verdict for one column.
 *
 * @param column column name
 * @param kind how the column was compared
 * @param method the test used (never {@code auto}: that is resolved per column)
 * @param statistic the test statistic or distance (KS D, chi-square, z, or the distance itself)
 * @param pValue the p-value for KS, chi-square and Z; null for distances
 * @param score what is compared with the threshold: the p-value for tests, the distance otherwise
 * @param threshold the threshold used
 * @param rule the comparison, e.g. {@code p <= 0.05} or {@code score >= 0.1}
 * @param drifted whether the column drifted
 * @param referenceCount values compared on the reference side (missing and bad values excluded)
 * @param currentCount values compared on the current side
 * @param approximation null when computed exactly; otherwise the interval the exact score lies in
 * @param note anything the reader should know (e.g. why a method fell back), or null
 * @param histogram aggregated shares per bin for the report (never raw rows)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnDrift(String column, ColumnKind kind, DriftMethod method, double statistic, Double pValue,
                          double score, double threshold, String rule, boolean drifted, long referenceCount,
                          long currentCount, long referenceMissing, long currentMissing, long referenceBad,
                          long currentBad, Approximation approximation, String note, Histogram histogram) {

    /**
     * How far past (or short of) its threshold the column is, for sorting by severity: above 1 means drifted.
     * Distances: score/threshold; p-values: threshold/p.
     */
    public double severity() {
        if (method.isPValue()) {
            return score <= 0 ? Double.MAX_VALUE : threshold / score;
        }
        return threshold <= 0 ? score : score / threshold;
    }

    /**
     * Bounds of a score computed on fine bins instead of exact values.
     *
     * @param scoreLow lowest the exact score can be
     * @param scoreHigh highest the exact score can be
     * @param verdictCertain whether every score in [scoreLow, scoreHigh] gives the same verdict
     * @param basis how the score was approximated
     */
    public record Approximation(double scoreLow, double scoreHigh, boolean verdictCertain, String basis) {
    }

    /** Shares per bin of reference and current, with one label per bin. */
    public record Histogram(java.util.List<String> labels, double[] reference, double[] current) {
    }
}

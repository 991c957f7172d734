package io.mlopsbridge.drift;

/**
 * Shares of a dataset per bin: the estimate, and the interval the true share lies in (equal to the estimate when
 * exact).
 */
record Shares(double[] estimate, double[] low, double[] high) {
    static Shares exact(double[] shares) {
        return new Shares(shares, shares, shares);
    }

    static Shares ofCounts(long[] counts, long total) {
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = (double) counts[i] / total;
        }
        return exact(shares);
    }

    boolean isExact() {
        return low == estimate && high == estimate;
    }
}

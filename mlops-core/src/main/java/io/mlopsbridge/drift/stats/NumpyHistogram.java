package io.mlopsbridge.drift.stats;

/**
 * numpy's equal-width histogram with Sturges' rule ({@code np.histogram_bin_edges(a, bins="sturges")}), the
 * binning Evidently uses for PSI, KL, Jensen–Shannon and Hellinger on numeric columns.
 */
public final class NumpyHistogram {
    private NumpyHistogram() {
    }

    /**
     * Edges over [min, max] for {@code size} values: width = (max − min)/(log2(size) + 1), raised to 1 for integer
     * data; bins = ceil((max − min)/width); one bin of ±0.5 around a constant. Edges follow np.linspace.
     */
    public static double[] sturgesEdges(double min, double max, long size, boolean integerData) {
        double first = min;
        double last = max;
        if (first == last) {
            first -= 0.5;
            last += 0.5;
        }
        double span = max - min;
        int bins;
        if (span == 0) {
            bins = 1;
        } else {
            double width = span / (log2(size) + 1.0);
            if (integerData && width < 1) {
                width = 1;
            }
            bins = (int) Math.ceil((last - first) / width);
        }
        return linspace(first, last, bins + 1);
    }

    /** np.linspace(start, stop, num) for num >= 2: start + i·step, with the last value set to stop exactly. */
    static double[] linspace(double start, double stop, int num) {
        double[] edges = new double[num];
        int intervals = num - 1;
        double step = (stop - start) / intervals;
        for (int i = 0; i < num; i++) {
            edges[i] = i * step + start;
        }
        edges[num - 1] = stop;
        return edges;
    }

    /**
     * The bin of x as np.histogram assigns it: edges[i] <= x < edges[i+1], the last bin closed; -1 outside.
     */
    public static int binOf(double[] edges, double x) {
        int last = edges.length - 1;
        if (x < edges[0] || x > edges[last]) {
            return -1;
        }
        if (x == edges[last]) {
            return last - 1;
        }
        int lo = 0;
        int hi = last; // invariant: edges[lo] <= x < edges[hi]
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Counts of sorted values per bin. */
    public static long[] counts(double[] edges, double[] values) {
        long[] counts = new long[edges.length - 1];
        for (double v : values) {
            int bin = binOf(edges, v);
            if (bin >= 0) {
                counts[bin]++;
            }
        }
        return counts;
    }

    /** log2 exact for powers of two (numpy's log2 is), so Sturges' bin count matches there too. */
    static double log2(long n) {
        if (Long.bitCount(n) == 1) {
            return Long.numberOfTrailingZeros(n);
        }
        return Math.log(n) / Math.log(2);
    }
}

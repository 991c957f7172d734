package io.mlopsbridge.drift.profile;

import java.util.Arrays;

/**
 * The fine bins a large numeric column is counted in, shared by reference and current so their counts line up.
 *
 * <p>Inside [first edge, last edge] the bins are quantiles of a sample of the reference (so each holds about
 * 1/{@value #QUANTILE_BINS} of it); beyond either end, bins grow geometrically with the distance from the end —
 * 64 per doubling of the distance in units of {@code unit} — so shifted or heavy-tailed current data still lands
 * in narrow bins. Every value has a bin; there are at most {@value #MAX_TAIL_BINS} per tail.
 *
 * <p>Bins are numbered in value order: lower tail bins are negative ({@code -1} is the one next to the first edge),
 * interior bins {@code 0..interiorBins()-1}, upper tail bins {@code interiorBins()} onwards.
 */
public final class BinGrid {
    /** Interior bins aimed for: errors of binned statistics shrink with the mass per bin (≈ 1/4096). */
    public static final int QUANTILE_BINS = 4096;
    /** Sub-bins per doubling of the distance beyond the sampled range. */
    static final int TAIL_SUB_BINS = 64;
    /** Distances of 2^0 .. 2^1023 units, plus the linear first unit. */
    public static final int MAX_TAIL_BINS = TAIL_SUB_BINS * 1025;

    private final double[] edges;
    private final double unit;
    // Lookup table over equal-width cells of the inner range [innerLow, innerHigh).
    private final int[] cellBin;
    private final double cellScale;
    private final double innerLow;
    private final double innerHigh;

    private BinGrid(double[] edges, double unit) {
        this.edges = edges;
        this.unit = unit;
        int bins = edges.length - 1;
        // The lookup table covers the inner 99% of the sample, so extreme values do not stretch its cells; values
        // outside it take a binary search.
        int innerFirst = bins / 200;
        int innerLast = bins - bins / 200;
        int cells = 4 * bins;
        this.innerLow = edges[innerFirst];
        this.innerHigh = edges[innerLast];
        this.cellScale = cells / (innerHigh - innerLow);
        // cellBin[c] = the last bin whose lower edge maps to a cell <= c. The mapping x -> cell is monotone, so a value
        // in cell c lies in that bin or, if the cell holds that bin's lower edge and x is below it, the bin before.
        // Cells holding two or more edges are stored as ~bin (negative): there x may lie further down.
        this.cellBin = new int[cells + 1];
        int bin = innerFirst;
        for (int c = 0; c <= cells; c++) {
            int edgesInCell = 0;
            while (bin + 1 < innerLast && cellOf(edges[bin + 1]) <= c) {
                bin++;
                if (cellOf(edges[bin]) == c) {
                    edgesInCell++;
                }
            }
            cellBin[c] = edgesInCell >= 2 ? ~bin : bin;
        }
    }

    private int cellOf(double x) {
        return Math.min((int) ((x - innerLow) * cellScale), cellBin.length - 1);
    }

    /** Grid from an already sorted sample (at least one value). */
    public static BinGrid fromSortedSample(double[] sorted) {
        int n = sorted.length;
        double min = sorted[0];
        double max = sorted[n - 1];
        double[] edges;
        if (min == max) {
            edges = new double[] {min, Math.nextUp(min)};
        } else {
            double[] raw = new double[QUANTILE_BINS + 2];
            int count = 0;
            for (int k = 0; k <= QUANTILE_BINS; k++) {
                double q = sorted[(int) Math.min(n - 1, (long) k * (n - 1) / QUANTILE_BINS)];
                if (count == 0 || q > raw[count - 1]) {
                    raw[count++] = q;
                }
            }
            // The maximum gets a bin of its own, so discrete data has exactly one bin per sampled value.
            raw[count++] = Math.nextUp(max);
            edges = Arrays.copyOf(raw, count);
        }
        double span = edges[edges.length - 1] - edges[0];
        double unit = span / QUANTILE_BINS;
        if (!(unit > 0) || Double.isInfinite(unit)) {
            unit = Math.max(Math.abs(min) * 0x1p-30, Double.MIN_NORMAL);
        }
        return new BinGrid(edges, unit);
    }

    /** Rebuilds a grid saved in a profile. */
    public static BinGrid of(double[] edges, double unit) {
        if (edges.length < 2 || !(unit > 0)) {
            throw new IllegalArgumentException("a grid needs two edges and a positive unit");
        }
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("grid edges must increase");
            }
        }
        return new BinGrid(edges.clone(), unit);
    }

    public double[] edges() {
        return edges.clone();
    }

    public double unit() {
        return unit;
    }

    public int interiorBins() {
        return edges.length - 1;
    }

    /** The bin of a finite value. */
    public int binOf(double x) {
        x += 0.0; // -0.0 becomes 0.0: the two are equal, so with 0.0 an edge, -0.0 belongs in its bin too
        if (x >= innerLow && x < innerHigh) { // most values: the lookup table
            int bin = cellBin[cellOf(x)];
            if (bin >= 0) {
                // At most this bin's lower edge lies in the cell: step down one bin when x is below it, without a
                // branch (the step is taken for a share of values no branch predictor can guess). x - edge is
                // negative exactly when x < edge, for finite doubles.
                return bin + (int) (Double.doubleToRawLongBits(x - edges[bin]) >> 63);
            }
            bin = ~bin;
            while (edges[bin] > x) {
                bin--;
            }
            return bin;
        }
        int bins = edges.length - 1;
        double first = edges[0];
        double last = edges[bins];
        if (x < first) {
            return -1 - tailIndex((first - x) / unit);
        }
        if (x > last) {
            return bins + tailIndex((x - last) / unit);
        }
        if (x == last) {
            return bins - 1;
        }
        int lo = 0;
        int hi = bins - 1;
        while (lo < hi) { // largest i with edges[i] <= x
            int mid = (lo + hi + 1) >>> 1;
            if (edges[mid] <= x) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Lower bound of a bin (inclusive for interior and upper tail bins). */
    public double lowerBound(int bin) {
        int bins = edges.length - 1;
        if (bin < 0) {
            return edges[0] - unit * tailDistanceHigh(-1 - bin);
        }
        if (bin < bins) {
            return edges[bin];
        }
        return edges[bins] + unit * tailDistanceLow(bin - bins);
    }

    /** Upper bound of a bin. */
    public double upperBound(int bin) {
        int bins = edges.length - 1;
        if (bin < 0) {
            return edges[0] - unit * tailDistanceLow(-1 - bin);
        }
        if (bin < bins) {
            return edges[bin + 1];
        }
        return edges[bins] + unit * tailDistanceHigh(bin - bins);
    }

    static int tailIndex(double distance) {
        if (distance < 1) {
            return (int) (distance * TAIL_SUB_BINS);
        }
        int exponent = Math.min(Math.getExponent(distance), 1023);
        double fraction = Math.scalb(distance, -exponent) - 1; // in [0, 1)
        int sub = Math.min((int) (fraction * TAIL_SUB_BINS), TAIL_SUB_BINS - 1);
        return TAIL_SUB_BINS + exponent * TAIL_SUB_BINS + sub;
    }

    static double tailDistanceLow(int index) {
        if (index < TAIL_SUB_BINS) {
            return (double) index / TAIL_SUB_BINS;
        }
        int exponent = (index - TAIL_SUB_BINS) / TAIL_SUB_BINS;
        int sub = (index - TAIL_SUB_BINS) % TAIL_SUB_BINS;
        return Math.scalb(1 + (double) sub / TAIL_SUB_BINS, exponent);
    }

    static double tailDistanceHigh(int index) {
        return index + 1 == TAIL_SUB_BINS ? 1 : tailDistanceLow(index + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinGrid g && g.unit == unit && Arrays.equals(g.edges, edges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(edges) * 31 + Double.hashCode(unit);
    }
}

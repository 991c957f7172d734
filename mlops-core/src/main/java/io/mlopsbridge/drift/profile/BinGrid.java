package io.mlopsbridge.drift.profile;

import java.util.Arrays;

/**
 * The fine bins a large numeric column is counted in, shared by reference and current so their counts line up.
 *
 * <p>Inside [first edge, last edge] the bins are quantiles of a sample of the reference (so each holds about
 * 1/{@value #QUANTILE_BINS} of it). Unless the sample has so few distinct values that each gets a bin of its own, the
 * edges are then moved onto starts of the lookup table's cells (by less than 1/8 of an average bin), so most values
 * find their bin with one table load. Beyond either end, bins grow geometrically with the distance from the end —
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
    // Lookup table over equal-width cells of the inner range [innerLow, innerHigh); see CellLayout.
    private final char[] cellBin;
    private final double cellScale;
    private final double innerLow;
    private final double innerHigh;
    /** The bins at innerLow and innerHigh: a value outside the lookup range is searched for beyond them only. */
    private final int innerFirst;
    private final int innerLast;
    /** Every edge in the inner range starts a cell, so a value's bin is its cell's entry: no edge comparison. */
    private final boolean cellsAreBins;
    /** Marks a table entry whose cell holds two or more edges: the value may lie further down. */
    private static final char SEVERAL_EDGES = 0x8000;

    private BinGrid(double[] edges, double unit) {
        this.edges = edges;
        this.unit = unit;
        CellLayout layout = CellLayout.of(edges);
        this.innerLow = layout.low();
        this.innerHigh = layout.high();
        this.cellScale = layout.scale();
        this.innerFirst = layout.first();
        this.innerLast = layout.last();
        int cells = layout.cells();
        // cellBin[c] = the last bin whose lower edge maps to a cell <= c. The mapping x -> cell is monotone, so a value
        // in cell c lies in that bin or, if the cell holds that bin's lower edge and x is below it, the bin before.
        this.cellBin = new char[cells + 1];
        int bin = layout.first();
        boolean startsOnly = true;
        for (int c = 0; c <= cells; c++) {
            int edgesInCell = 0;
            while (bin + 1 < layout.last() && layout.cellOf(edges[bin + 1]) <= c) {
                bin++;
                if (layout.cellOf(edges[bin]) == c) {
                    edgesInCell++;
                    // The edge is the first double of its cell exactly when the double below it is in an earlier cell.
                    startsOnly &= layout.cellOf(Math.nextDown(edges[bin])) < c;
                }
            }
            cellBin[c] = (char) (edgesInCell >= 2 ? bin | SEVERAL_EDGES : bin);
        }
        this.cellsAreBins = startsOnly && cells > 0;
    }

    /**
     * The lookup table's layout, derived from the edges alone (so a grid rebuilt from saved edges has the same table):
     * {@code 8 × bins} equal-width cells over the inner 99 % of the bins, so extreme values do not stretch the cells
     * (values outside take a binary search). Bins are at most {@link #MAX_EDGES}, so a cell's entry fits a char.
     */
    private record CellLayout(int first, int last, double low, double high, double scale, int cells) {
        static CellLayout of(double[] edges) {
            int bins = edges.length - 1;
            int first = bins / 200;
            int last = bins - bins / 200;
            double low = edges[first];
            double high = edges[last];
            int cells = 8 * bins;
            double scale = cells / (high - low);
            if (!(scale > 0) || Double.isInfinite(scale) || Double.isInfinite(high - low)) {
                // Inner range too narrow or too wide for doubles: no table, every value is searched.
                return new CellLayout(first, first, Double.NaN, Double.NaN, 0, 0);
            }
            return new CellLayout(first, last, low, high, scale, cells);
        }

        /** The cell of x in [low, high]: monotone in x; below {@code cells + 1} by the rounding bound in binOf. */
        int cellOf(double x) {
            return Math.min((int) ((x - low) * scale), cells);
        }

        /**
         * The first double of cell k (0 < k <= cells), or NaN when the cell holds no double. Usually a few ulps from
         * {@code low + k / scale}; otherwise (near zero, far from {@code low}, a cell spans very many doubles) a
         * bisection.
         */
        double startOf(int k) {
            double x = low + k / scale;
            for (int step = 0; step < 4; step++) {
                if (cellOf(x) < k) {
                    x = Math.nextUp(x);
                } else if (cellOf(Math.nextDown(x)) >= k) {
                    x = Math.nextDown(x);
                } else {
                    return cellOf(x) == k ? x : Double.NaN;
                }
            }
            double below = low + (k - 2) / scale; // two cells down and one up: the rounding is far smaller than a cell
            double above = low + (k + 1) / scale;
            if (!(cellOf(below) < k) || cellOf(above) < k) {
                return Double.NaN;
            }
            for (int halvings = 0; halvings < 2200; halvings++) { // 2^-2200: from any width down to adjacent doubles
                double mid = below + (above - below) / 2;
                if (!(mid > below && mid < above)) {
                    break; // adjacent
                }
                if (cellOf(mid) >= k) {
                    above = mid;
                } else {
                    below = mid;
                }
            }
            return Math.nextUp(below) == above && cellOf(above) == k ? above : Double.NaN;
        }
    }

    /**
     * The edges with each one inside the lookup range moved to a start of a lookup cell, so {@link #binOf} needs one
     * table load per value and no comparison with an edge. A cell is about 1/8 of an average bin. {@code nearest}: to
     * the nearest start (an edge moves by at most 1/16 of an average bin; for continuous data); otherwise down to the
     * start of its own cell (for rounded data, whose edges are repeated values: a cell narrower than the rounding step
     * then holds no other sample value below the edge, so each bin keeps the same sample values). Returns the edges
     * unchanged when that is not possible (two edges in one cell, or cells narrower than the doubles there).
     */
    private static double[] snappedToCells(double[] edges, boolean nearest) {
        CellLayout layout = CellLayout.of(edges);
        double[] snapped = edges.clone();
        for (int i = layout.first() + 1; i < layout.last(); i++) {
            double e = edges[i];
            int c = layout.cellOf(e);
            double down = c == 0 ? Double.NaN : layout.startOf(c); // cell 0 starts at the first edge: taken
            double up = layout.startOf(c + 1);
            boolean upIsNearer = nearest && up - e < e - down;
            double start = !upIsNearer && down > snapped[i - 1] ? down : up; // NaN compares false: the other one
            if (!(start > snapped[i - 1]) || !(start < edges[i + 1])) {
                return edges;
            }
            snapped[i] = start;
        }
        return snapped;
    }

    private static boolean moreDistinctThan(double[] sorted, int limit) {
        int distinct = 1;
        for (int i = 1; i < sorted.length && distinct <= limit; i++) {
            if (sorted[i] != sorted[i - 1]) {
                distinct++;
            }
        }
        return distinct > limit;
    }

    /** Edges a grid may have: bins numbered within a lookup-table entry (a char less its flag bit). */
    static final int MAX_EDGES = SEVERAL_EDGES;

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
            // Data with few distinct values keeps its edges on the values themselves (one bin per value); the rest
            // gets its edges on the lookup cells.
            if (count == QUANTILE_BINS + 2) {
                edges = snappedToCells(edges, true);
            } else if (moreDistinctThan(sorted, QUANTILE_BINS + 1)) {
                edges = snappedToCells(edges, false);
            }
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
        if (edges.length > MAX_EDGES) {
            throw new IllegalArgumentException("a grid has at most " + MAX_EDGES + " edges, not " + edges.length);
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

    /** Whether {@link #binOf} finds interior values by one table load (edges snapped to the lookup cells). */
    boolean cellsAreBins() {
        return cellsAreBins;
    }

    /**
     * For a loop over many values ({@link BinnedBatch}): the table that gives the bin of a value in [low, high) at
     * {@code table[(int) ((x - low) * scale)]}, or null when this grid needs {@link #binOf}'s edge comparison.
     */
    CellTable cellTable() {
        return cellsAreBins ? new CellTable(cellBin, innerLow, innerHigh, cellScale) : null;
    }

    /** See {@link #cellTable()}; the array is the grid's own, not a copy (read only). */
    record CellTable(char[] table, double low, double high, double scale) {
    }

    public int interiorBins() {
        return edges.length - 1;
    }

    /** The bin of a finite value. */
    public int binOf(double x) {
        if (x >= innerLow && x < innerHigh) { // most values: the lookup table
            // No bounds clamp needed: x - innerLow <= innerHigh - innerLow after rounding (rounding is monotone), and
            // times cellScale = cells / (innerHigh - innerLow) that is at most cells·(1 + 2⁻⁵²)², so below cells + 1.
            int entry = cellBin[(int) ((x - innerLow) * cellScale)];
            if (cellsAreBins) {
                return entry; // -0.0 too: it maps to the cell of 0.0
            }
            x += 0.0; // -0.0 becomes 0.0: the two are equal, so with 0.0 an edge, -0.0 belongs in its bin too
            if (entry < SEVERAL_EDGES) {
                // At most this bin's lower edge lies in the cell: step down one bin when x is below it, without a
                // branch (the step is taken for a share of values no branch predictor can guess). x - edge is
                // negative exactly when x < edge, for finite doubles.
                return entry + (int) (Double.doubleToRawLongBits(x - edges[entry]) >> 63);
            }
            int bin = entry - SEVERAL_EDGES;
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
        if (x < innerLow) { // below the lookup range: among the lowest 0.5 % of the bins
            hi = innerFirst;
        } else if (x >= innerHigh) { // above it
            lo = Math.min(innerLast, hi);
        }
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

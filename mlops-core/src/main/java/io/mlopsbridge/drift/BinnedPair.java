package io.mlopsbridge.drift;

import io.mlopsbridge.drift.profile.BinCounts;
import io.mlopsbridge.drift.profile.BinGrid;
import io.mlopsbridge.drift.profile.NumericSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * Reference and current counts of a large numeric column on their shared fine grid, as an ordered list of the
 * non-empty bins ("slots"). Binned statistics are computed here together with rigorous bounds: the only thing
 * unknown is where inside a slot its values lie, so each bound takes the worst placement.
 */
final class BinnedPair {
    private final double[] lower;
    private final double[] upper;
    private final int[] bin; // grid bin of each slot
    private final long[] ref;
    private final long[] cur;
    private final long[] refBefore; // values in slots before i
    private final long[] curBefore;
    private int slots;
    final long refTotal;
    final long curTotal;
    final int gridBins;
    final BinGrid grid;

    private BinnedPair(int capacity, long refTotal, long curTotal, BinGrid grid) {
        lower = new double[capacity];
        upper = new double[capacity];
        bin = new int[capacity];
        ref = new long[capacity];
        cur = new long[capacity];
        refBefore = new long[capacity + 1];
        curBefore = new long[capacity + 1];
        this.refTotal = refTotal;
        this.curTotal = curTotal;
        this.gridBins = grid.interiorBins();
        this.grid = grid;
    }

    static BinnedPair of(NumericSummary reference, NumericSummary current) {
        BinGrid grid = reference.bins() != null ? reference.bins().grid() : current.bins().grid();
        BinCounts r = reference.countsOn(grid);
        BinCounts c = current.countsOn(grid);
        int first = Math.min(r.firstBin(), c.firstBin());
        int last = Math.max(r.lastBin(), c.lastBin());
        double min = Math.min(reference.min(), current.min());
        double max = Math.max(reference.max(), current.max());
        BinnedPair pair = new BinnedPair(last - first + 1, reference.count(), current.count(), grid);
        int k = 0;
        for (int bin = first; bin <= last; bin++) {
            long a = r.count(bin);
            long b = c.count(bin);
            if (a == 0 && b == 0) {
                continue;
            }
            pair.lower[k] = Math.max(grid.lowerBound(bin), min);
            pair.upper[k] = Math.min(grid.upperBound(bin), max);
            pair.bin[k] = bin;
            pair.ref[k] = a;
            pair.cur[k] = b;
            pair.refBefore[k + 1] = pair.refBefore[k] + a;
            pair.curBefore[k + 1] = pair.curBefore[k] + b;
            k++;
        }
        pair.slots = k;
        return pair;
    }

    int slots() {
        return slots;
    }

    private double gap(int i) {
        return (double) refBefore[i] / refTotal - (double) curBefore[i] / curTotal;
    }

    /** KS statistic: exact at slot boundaries (a lower bound of D) and the largest D any placement allows. */
    Interval ks() {
        double low = 0;
        double high = 0;
        for (int i = 0; i < slots; i++) {
            double before = gap(i);
            double p1 = (double) ref[i] / refTotal;
            double p2 = (double) cur[i] / curTotal;
            high = Math.max(high, Math.max(Math.abs(before - p2), Math.abs(before + p1)));
            low = Math.max(low, Math.abs(gap(i + 1)));
        }
        return new Interval(low, low, high);
    }

    /**
     * The slots where the KS maximum may lie beyond {@code low} (the gap can reach past it inside them), for the
     * refinement pass that finds the exact D.
     */
    List<KsRefinement.Range> ksCandidates(double low) {
        List<KsRefinement.Range> candidates = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            double before = gap(i);
            double high = Math.max(Math.abs(before - (double) cur[i] / curTotal),
                    Math.abs(before + (double) ref[i] / refTotal));
            if (high > low) {
                candidates.add(new KsRefinement.Range(bin[i], lower[i], upper[i], refBefore[i], curBefore[i], ref[i],
                        cur[i]));
            }
        }
        return candidates;
    }

    /**
     * ∫|F_ref − F_cur| with both CDFs linear inside each slot; the true value differs by at most
     * Σ width·(p_ref + p_cur) over the slots.
     */
    Interval wasserstein() {
        double estimate = 0;
        double slack = 0;
        for (int i = 0; i < slots; i++) {
            double d0 = gap(i);
            double d1 = gap(i + 1);
            double width = upper[i] - lower[i];
            if (d0 * d1 >= 0) {
                estimate += width * (Math.abs(d0) + Math.abs(d1)) / 2;
            } else {
                estimate += width * (d0 * d0 + d1 * d1) / (2 * (Math.abs(d0) + Math.abs(d1)));
            }
            slack += width * ((double) ref[i] / refTotal + (double) cur[i] / curTotal);
            if (i + 1 < slots) {
                estimate += (lower[i + 1] - upper[i]) * Math.abs(d1); // empty stretch between slots
            }
        }
        return new Interval(estimate, Math.max(0, estimate - slack), estimate + slack);
    }

    /** Shares of one side in numpy-style bins (half-open, last closed) whose outer edges are the data's min and max. */
    Shares shares(double[] edges, boolean reference) {
        int bins = edges.length - 1;
        long total = reference ? refTotal : curTotal;
        double[] below = new double[bins + 1];
        double[] belowLow = new double[bins + 1];
        double[] belowHigh = new double[bins + 1];
        for (int e = 1; e < bins; e++) {
            countBelow(edges[e], reference, e, below, belowLow, belowHigh);
        }
        below[bins] = belowLow[bins] = belowHigh[bins] = total;
        double[] estimate = new double[bins];
        double[] low = new double[bins];
        double[] high = new double[bins];
        for (int i = 0; i < bins; i++) {
            estimate[i] = (below[i + 1] - below[i]) / total;
            low[i] = Math.max(0, belowLow[i + 1] - belowHigh[i]) / total;
            high[i] = Math.min(total, belowHigh[i + 1] - belowLow[i]) / total;
        }
        return new Shares(estimate, low, high);
    }

    private void countBelow(double x, boolean reference, int e, double[] below, double[] low, double[] high) {
        long[] counts = reference ? ref : cur;
        long[] before = reference ? refBefore : curBefore;
        int k = lastSlotStartingAtOrBelow(x);
        if (k < 0) {
            return; // all values are at or above x
        }
        long base = before[k];
        long in = counts[k];
        if (x <= lower[k]) {
            below[e] = low[e] = high[e] = base;
        } else if (x > upper[k]) {
            below[e] = low[e] = high[e] = base + in;
        } else {
            double fraction = upper[k] > lower[k] ? (x - lower[k]) / (upper[k] - lower[k]) : 0.5;
            below[e] = base + in * fraction;
            low[e] = base;
            high[e] = base + in;
        }
    }

    private int lastSlotStartingAtOrBelow(double x) {
        int lo = 0;
        int hi = slots - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (lower[mid] <= x) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** A value with the interval it is known to lie in. */
    record Interval(double estimate, double low, double high) {
    }
}

package io.mlopsbridge.drift;

import io.mlopsbridge.drift.profile.BinGrid;
import io.mlopsbridge.drift.stats.KolmogorovSmirnov;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the exact two-sample KS statistic of a binned column by reading the values again, with bounded memory.
 *
 * <p>The binned pass knows the CDF gap exactly at every bin boundary (a lower bound of D) and, per bin, how far the gap
 * could move inside it. Only bins whose reach exceeds the best boundary gap (the candidates; usually a handful) can
 * hold the maximum. Each pass reads the values of both sides and either keeps the candidates' values, when they are
 * at most {@link #COLLECT_LIMIT} in all, and walks them in sorted order (exact D), or counts them on finer sub-bins
 * with their actual minimum and maximum, which narrows the candidates for the next pass. Values equal to each other
 * always share a sub-bin, and a sub-bin holding one distinct value cannot hide a larger gap, so the passes end.
 *
 * <p>Not thread-safe; fed in any order, one side after the other or interleaved.
 */
final class KsRefinement {
    /** Candidate values kept at most in one pass (16 MB of doubles). */
    static final int COLLECT_LIMIT = 2_000_000;
    /** Sub-bins counted at most in one pass (32 bytes each). */
    private static final int SUB_BIN_BUDGET = 1 << 18;
    /** Passes after which the answer stays bounded (not reached in practice: each pass divides ranges by 16+). */
    static final int MAX_PASSES = 12;

    /**
     * A stretch of values that may hold the maximum: a grid bin at first ({@code gridBin} set), later the closed
     * interval [lo, hi] of the actual values of a sub-bin, with the counts before it and in it per side.
     */
    record Range(int gridBin, double lo, double hi, long refBefore, long curBefore, long refIn, long curIn) {
        static final int NOT_A_GRID_BIN = Integer.MIN_VALUE;
    }

    private final BinGrid grid;
    private final int collectLimit;
    private final long refTotal;
    private final long curTotal;
    private double best;
    private List<Range> candidates;
    private int passes;
    private Pass pass;

    /**
     * @param low the exact gap at bin boundaries (a lower bound of D)
     * @param candidates the bins where the gap may exceed {@code low}, in value order
     */
    KsRefinement(BinGrid grid, long refTotal, long curTotal, double low, List<Range> candidates, int collectLimit) {
        this.grid = grid;
        this.collectLimit = collectLimit;
        this.refTotal = refTotal;
        this.curTotal = curTotal;
        this.best = low;
        this.candidates = candidates;
    }

    static KsRefinement of(BinnedPair pair) {
        return of(pair, COLLECT_LIMIT);
    }

    /** With a smaller limit on the values kept, so tests can drive the sub-bin passes on small data. */
    static KsRefinement of(BinnedPair pair, int collectLimit) {
        double low = pair.ks().low();
        return new KsRefinement(pair.grid, pair.refTotal, pair.curTotal, low, pair.ksCandidates(low), collectLimit);
    }

    /** Whether D is known exactly. */
    boolean done() {
        return candidates.isEmpty();
    }

    /** Whether another pass would still be allowed. */
    boolean mayContinue() {
        return !done() && passes < MAX_PASSES;
    }

    /** The exact D once {@link #done()}, else the best lower bound found so far. */
    double statistic() {
        return best;
    }

    int passes() {
        return passes;
    }

    /** Starts a pass over both sides' values. */
    void beginPass() {
        long values = 0;
        for (Range r : candidates) {
            values += r.refIn() + r.curIn();
        }
        pass = values <= collectLimit ? new CollectPass() : new SubBinPass();
    }

    /** Values of one side, in any order; values outside every candidate are ignored. */
    void accept(boolean reference, double[] values, int n) {
        for (int i = 0; i < n; i++) {
            double v = values[i];
            int c = candidateOf(v);
            if (c >= 0) {
                pass.add(c, reference, v);
            }
        }
    }

    /** Ends the pass: D is exact or the candidates are narrower. */
    void endPass() {
        passes++;
        pass.finish();
        pass = null;
    }

    private int[] gridBins;
    private double[] starts;

    private int candidateOf(double v) {
        if (gridBins == null && starts == null) {
            index();
        }
        if (gridBins != null) {
            int k = Arrays.binarySearch(gridBins, grid.binOf(v));
            return k >= 0 ? k : -1;
        }
        int k = Arrays.binarySearch(starts, v);
        if (k >= 0) {
            // the first range starting at v (ranges are disjoint, so there is one)
            return k;
        }
        k = -k - 2; // last range starting below v
        return k >= 0 && v <= candidates.get(k).hi() ? k : -1;
    }

    private void index() {
        if (candidates.get(0).gridBin() != Range.NOT_A_GRID_BIN) {
            gridBins = candidates.stream().mapToInt(Range::gridBin).toArray();
        } else {
            starts = candidates.stream().mapToDouble(Range::lo).toArray();
        }
    }

    private void replaceCandidates(List<Range> next) {
        candidates = next;
        gridBins = null;
        starts = null;
    }

    private double gap(long refCount, long curCount) {
        return Math.abs((double) refCount / refTotal - (double) curCount / curTotal);
    }

    private void checkCount(Range r, long refSeen, long curSeen) {
        if (refSeen != r.refIn() || curSeen != r.curIn()) {
            throw new ConcurrentInputChange();
        }
    }

    /** The data read again did not have the counts of the first read: a file changed while the check ran. */
    static final class ConcurrentInputChange extends RuntimeException {
        ConcurrentInputChange() {
            super(null, null, false, false);
        }
    }

    private interface Pass {
        void add(int candidate, boolean reference, double v);

        void finish();
    }

    /** Keeps every candidate value, then walks each candidate's pooled values in order. */
    private final class CollectPass implements Pass {
        private final double[][] ref = new double[candidates.size()][];
        private final double[][] cur = new double[candidates.size()][];
        private final int[] refSeen = new int[candidates.size()];
        private final int[] curSeen = new int[candidates.size()];

        CollectPass() {
            for (int c = 0; c < candidates.size(); c++) {
                ref[c] = new double[(int) candidates.get(c).refIn()];
                cur[c] = new double[(int) candidates.get(c).curIn()];
            }
        }

        @Override
        public void add(int c, boolean reference, double v) {
            double[] target = reference ? ref[c] : cur[c];
            int[] seen = reference ? refSeen : curSeen;
            if (seen[c] == target.length) {
                throw new ConcurrentInputChange();
            }
            target[seen[c]++] = v;
        }

        @Override
        public void finish() {
            for (int c = 0; c < candidates.size(); c++) {
                Range r = candidates.get(c);
                checkCount(r, refSeen[c], curSeen[c]);
                double[] x = ref[c];
                double[] y = cur[c];
                Arrays.sort(x);
                Arrays.sort(y);
                best = Math.max(best, KolmogorovSmirnov.largestGap(x, y, r.refBefore(), r.curBefore(), refTotal,
                        curTotal));
            }
            replaceCandidates(List.of());
        }
    }

    /** Counts candidate values on equal-width sub-bins, remembering each sub-bin's smallest and largest value. */
    private final class SubBinPass implements Pass {
        private final int perRange = Math.max(2, Math.min(4096, SUB_BIN_BUDGET / candidates.size()));
        private final long[] refCount = new long[candidates.size() * perRange];
        private final long[] curCount = new long[refCount.length];
        private final double[] min = new double[refCount.length];
        private final double[] max = new double[refCount.length];
        private final double[] scale = new double[candidates.size()];

        SubBinPass() {
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            for (int c = 0; c < candidates.size(); c++) {
                Range r = candidates.get(c);
                double width = r.hi() - r.lo();
                scale[c] = width > 0 ? perRange / width : 0;
            }
        }

        @Override
        public void add(int c, boolean reference, double v) {
            // Monotone in v, so the sub-bins of a range hold ordered, disjoint stretches of values.
            int s = (int) Math.min(perRange - 1, Math.max(0, (v - candidates.get(c).lo()) * scale[c]));
            int k = c * perRange + s;
            if (reference) {
                refCount[k]++;
            } else {
                curCount[k]++;
            }
            if (v < min[k]) {
                min[k] = v;
            }
            if (v > max[k]) {
                max[k] = v;
            }
        }

        @Override
        public void finish() {
            List<Range> slots = new ArrayList<>();
            List<Double> reach = new ArrayList<>();
            for (int c = 0; c < candidates.size(); c++) {
                Range r = candidates.get(c);
                long a = r.refBefore();
                long b = r.curBefore();
                long refSeen = 0;
                long curSeen = 0;
                for (int s = 0; s < perRange; s++) {
                    int k = c * perRange + s;
                    long p = refCount[k];
                    long q = curCount[k];
                    if (p == 0 && q == 0) {
                        continue;
                    }
                    refSeen += p;
                    curSeen += q;
                    double before = (double) a / refTotal - (double) b / curTotal;
                    // After a sub-bin's largest value both CDFs are known exactly.
                    best = Math.max(best, gap(a + p, b + q));
                    if (min[k] < max[k]) {
                        slots.add(new Range(Range.NOT_A_GRID_BIN, min[k], max[k], a, b, p, q));
                        reach.add(Math.max(Math.abs(before - (double) q / curTotal),
                                Math.abs(before + (double) p / refTotal)));
                    }
                    a += p;
                    b += q;
                }
                checkCount(r, refSeen, curSeen);
            }
            List<Range> next = new ArrayList<>();
            for (int i = 0; i < slots.size(); i++) {
                if (reach.get(i) > best) {
                    next.add(slots.get(i));
                }
            }
            replaceCandidates(next);
        }
    }
}

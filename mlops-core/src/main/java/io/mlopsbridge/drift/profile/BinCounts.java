package io.mlopsbridge.drift.profile;

import java.util.Arrays;

/** Counts of values per bin of a {@link BinGrid}; tail arrays grow only as far as values reach. */
public final class BinCounts {
    private final BinGrid grid;
    private final long[] interior;
    private long[] lower = new long[0];
    private long[] upper = new long[0];

    public BinCounts(BinGrid grid) {
        this.grid = grid;
        this.interior = new long[grid.interiorBins()];
    }

    /** Restores counts saved in a profile. */
    public static BinCounts of(BinGrid grid, long[] lower, long[] interior, long[] upper) {
        if (interior.length != grid.interiorBins()) {
            throw new IllegalArgumentException("interior counts do not match the grid");
        }
        BinCounts counts = new BinCounts(grid);
        System.arraycopy(interior, 0, counts.interior, 0, interior.length);
        counts.lower = lower.clone();
        counts.upper = upper.clone();
        return counts;
    }

    public BinGrid grid() {
        return grid;
    }

    public void add(double x) {
        addToBin(grid.binOf(x));
    }

    /** Counts one value in a bin already computed on this grid. */
    public void addToBin(int bin) {
        int bins = interior.length;
        if (bin >= 0 && bin < bins) {
            interior[bin]++;
        } else if (bin < 0) {
            int t = -1 - bin;
            lower = tailWith(lower, t);
            lower[t]++;
        } else {
            int t = bin - bins;
            upper = tailWith(upper, t);
            upper[t]++;
        }
    }

    /** Adds a batch's counts per interior bin and the bins of its tail values (on this grid). */
    void addBatch(int[] interiorCounts, int[] tailBins, int tailCount) {
        for (int i = 0; i < interior.length; i++) {
            interior[i] += interiorCounts[i];
        }
        for (int i = 0; i < tailCount; i++) {
            addToBin(tailBins[i]);
        }
    }

    /** Adds the counts of another part counted on the same grid. */
    public void merge(BinCounts other) {
        if (!other.grid.equals(grid)) {
            throw new IllegalArgumentException("only counts on the same grid can be merged");
        }
        for (int i = 0; i < interior.length; i++) {
            interior[i] += other.interior[i];
        }
        for (int t = 0; t < other.lower.length; t++) {
            if (other.lower[t] != 0) {
                lower = tailWith(lower, t);
                lower[t] += other.lower[t];
            }
        }
        for (int t = 0; t < other.upper.length; t++) {
            if (other.upper[t] != 0) {
                upper = tailWith(upper, t);
                upper[t] += other.upper[t];
            }
        }
    }

    private static long[] tailWith(long[] tail, int t) {
        return t < tail.length ? tail : Arrays.copyOf(tail, Math.max(t + 1, tail.length * 2));
    }

    /** Count in a bin numbered as in {@link BinGrid}. */
    public long count(int bin) {
        int bins = interior.length;
        if (bin < 0) {
            int t = -1 - bin;
            return t < lower.length ? lower[t] : 0;
        }
        if (bin < bins) {
            return interior[bin];
        }
        int t = bin - bins;
        return t < upper.length ? upper[t] : 0;
    }

    /** Lowest bin number that may hold values. */
    public int firstBin() {
        return -lastNonZero(lower) - 1;
    }

    /** Highest bin number that may hold values. */
    public int lastBin() {
        int last = lastNonZero(upper);
        return last < 0 ? interior.length - 1 : interior.length + last;
    }

    public long[] lowerTail() {
        return Arrays.copyOf(lower, lastNonZero(lower) + 1);
    }

    public long[] interior() {
        return interior.clone();
    }

    public long[] upperTail() {
        return Arrays.copyOf(upper, lastNonZero(upper) + 1);
    }

    private static int lastNonZero(long[] a) {
        for (int i = a.length - 1; i >= 0; i--) {
            if (a[i] != 0) {
                return i;
            }
        }
        return -1;
    }
}

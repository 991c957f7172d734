package io.mlopsbridge.drift.profile;

import java.util.Arrays;

/**
 * Exact counts per distinct value while a numeric column has at most {@value #LIMIT} of them (needed for Evidently's
 * choice of test and for per-value bins); beyond that it only remembers that the limit was passed.
 * Open addressing on the value's bits keeps the per-value cost to a hash and a compare.
 */
final class DistinctValues {
    static final int LIMIT = 1000;
    private static final int CAPACITY = 4096; // power of two, > 2 × LIMIT

    private long[] keys = new long[CAPACITY];
    private long[] counts = new long[CAPACITY];
    private int size;
    private boolean overflowed;

    void add(double value) {
        if (overflowed) {
            return;
        }
        long bits = Double.doubleToLongBits(value == 0 ? 0.0 : value); // -0.0 and 0.0 are one value
        int mask = CAPACITY - 1;
        int slot = (int) (mix(bits) & mask);
        while (counts[slot] != 0) {
            if (keys[slot] == bits) {
                counts[slot]++;
                return;
            }
            slot = (slot + 1) & mask;
        }
        if (size == LIMIT) {
            overflowed = true;
            keys = null;
            counts = null;
            return;
        }
        keys[slot] = bits;
        counts[slot] = 1;
        size++;
    }

    /** Adds another part's counts: the union of the values, overflowing as counting them all here would. */
    void merge(DistinctValues other) {
        if (other.overflowed) {
            overflowed = true;
            keys = null;
            counts = null;
            return;
        }
        for (int i = 0; i < CAPACITY && !overflowed; i++) {
            long n = other.counts[i];
            if (n != 0) {
                double value = Double.longBitsToDouble(other.keys[i]);
                add(value);
                if (!overflowed) {
                    counts[slotOf(other.keys[i])] += n - 1;
                }
            }
        }
    }

    private int slotOf(long bits) {
        int mask = CAPACITY - 1;
        int slot = (int) (mix(bits) & mask);
        while (keys[slot] != bits || counts[slot] == 0) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    boolean overflowed() {
        return overflowed;
    }

    /** Sorted distinct values and their counts, or null past the limit. */
    ValueCounts snapshot() {
        if (overflowed) {
            return null;
        }
        double[] values = new double[size];
        int k = 0;
        for (int i = 0; i < CAPACITY; i++) {
            if (counts[i] != 0) {
                values[k++] = Double.longBitsToDouble(keys[i]);
            }
        }
        Arrays.sort(values);
        long[] valueCounts = new long[size];
        for (int i = 0; i < CAPACITY; i++) {
            if (counts[i] != 0) {
                valueCounts[Arrays.binarySearch(values, Double.longBitsToDouble(keys[i]))] = counts[i];
            }
        }
        return new ValueCounts(values, valueCounts);
    }

    private static long mix(long bits) {
        long h = bits * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }
}

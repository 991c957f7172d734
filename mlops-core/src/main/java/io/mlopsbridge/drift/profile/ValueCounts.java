package io.mlopsbridge.drift.profile;

/** Sorted distinct numeric values with how often each occurred. */
public record ValueCounts(double[] values, long[] counts) {
    public int size() {
        return values.length;
    }

    public long countOf(double value) {
        int i = java.util.Arrays.binarySearch(values, value);
        return i >= 0 ? counts[i] : 0;
    }
}

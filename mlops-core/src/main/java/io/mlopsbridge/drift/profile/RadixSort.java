package io.mlopsbridge.drift.profile;

import java.util.Arrays;

/**
 * Sorts doubles in the order of {@link Arrays#sort(double[])} (-0.0 before 0.0, NaN last) by their bits, 11 at a time.
 * Used where a large array is sorted once, early, before the JIT has compiled anything: its few short loops compile
 * quickly, and digits every value shares (the sign and most of the exponent, for a typical column) cost one counting
 * pass and no move.
 */
final class RadixSort {
    private static final int DIGIT_BITS = 11;
    private static final int DIGITS = 1 << DIGIT_BITS;
    private static final int DIGIT_MASK = DIGITS - 1;

    private RadixSort() {
    }

    static void sort(double[] values) {
        int n = values.length;
        if (n < 2) {
            return;
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = orderedKey(values[i]);
        }
        long[] spare = new long[n];
        int[] starts = new int[DIGITS];
        for (int shift = 0; shift < Long.SIZE; shift += DIGIT_BITS) {
            Arrays.fill(starts, 0);
            for (int i = 0; i < n; i++) {
                starts[digit(keys[i], shift)]++;
            }
            if (starts[digit(keys[0], shift)] == n) {
                continue; // every key has this digit: the order stays
            }
            int sum = 0;
            for (int d = 0; d < DIGITS; d++) {
                int count = starts[d];
                starts[d] = sum;
                sum += count;
            }
            for (int i = 0; i < n; i++) { // stable, so the order of the lower digits is kept
                long key = keys[i];
                spare[starts[digit(key, shift)]++] = key;
            }
            long[] sorted = spare;
            spare = keys;
            keys = sorted;
        }
        for (int i = 0; i < n; i++) {
            values[i] = fromOrderedKey(keys[i]);
        }
    }

    /** The bits as an unsigned number ordered like the doubles: negatives get all bits flipped, the rest the sign. */
    static long orderedKey(double value) {
        long bits = Double.doubleToLongBits(value); // one NaN, sorted last as Arrays.sort does
        return bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }

    private static double fromOrderedKey(long key) {
        return Double.longBitsToDouble(key ^ ((~key >> 63) | Long.MIN_VALUE));
    }

    private static int digit(long key, int shift) {
        return (int) (key >>> shift) & DIGIT_MASK;
    }
}

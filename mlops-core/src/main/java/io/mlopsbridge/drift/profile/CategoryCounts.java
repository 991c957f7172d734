package io.mlopsbridge.drift.profile;

/**
 * Counts per category of one batch of a categorical column, computed on a parser thread so the thread that merges
 * batches in row order does a map update per distinct category instead of per value. Keys are compared by identity:
 * the parser hands out one String per distinct value of a chunk, and the rare equal keys of different identity are
 * merged by the accumulator. Gives up past {@value #MAX_KEYS} keys (an identifier-like column), where counting here
 * would not save the merge any work.
 */
public final class CategoryCounts {
    static final int MAX_KEYS = 1024;
    private static final int SLOTS = 2 * MAX_KEYS; // power of two

    private final String[] slotKeys = new String[SLOTS];
    private final int[] slotIndex = new int[SLOTS];
    final String[] keys = new String[MAX_KEYS];
    final long[] counts = new long[MAX_KEYS];
    int size;
    long total;

    /** Counts {@code values[0..n)}; null when they have more than {@value #MAX_KEYS} distinct keys. */
    public static CategoryCounts of(String[] values, int n) {
        CategoryCounts tally = new CategoryCounts();
        for (int i = 0; i < n; i++) {
            if (!tally.add(values[i])) {
                return null;
            }
        }
        tally.total = n;
        return tally;
    }

    private boolean add(String key) {
        int mask = SLOTS - 1;
        int slot = (key.hashCode() * 0x9E3779B9 >>> 16) & mask;
        String k;
        while ((k = slotKeys[slot]) != null) {
            if (k == key) {
                counts[slotIndex[slot]]++;
                return true;
            }
            slot = (slot + 1) & mask;
        }
        if (size == MAX_KEYS) {
            return false;
        }
        slotKeys[slot] = key;
        slotIndex[slot] = size;
        keys[size] = key;
        counts[size] = 1;
        size++;
        return true;
    }
}

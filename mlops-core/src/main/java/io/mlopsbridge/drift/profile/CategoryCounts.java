package io.mlopsbridge.drift.profile;

import java.util.function.IntFunction;

/**
 * Counts per category of one batch of a categorical column, tallied by a parser thread as it parses (per slot of its
 * table of distinct values), so the thread that merges batches in row order does a map update per distinct category
 * instead of per value. Gives up past {@value #MAX_KEYS} keys (an identifier-like column), where counting here would
 * not save the merge any work.
 */
public final class CategoryCounts {
    static final int MAX_KEYS = 1024;

    final String[] keys;
    final long[] counts;
    final int size;
    final long total;

    private CategoryCounts(String[] keys, long[] counts, int size, long total) {
        this.keys = keys;
        this.counts = counts;
        this.size = size;
        this.total = total;
    }

    /**
     * The counts a parser tallied per slot of its category table: {@code countBySlot[slot]} values were
     * {@code keyOfSlot.apply(slot)}, {@code total} values in all; null past {@value #MAX_KEYS} keys.
     */
    public static CategoryCounts fromSlots(IntFunction<String> keyOfSlot, int[] countBySlot, long total) {
        String[] keys = new String[MAX_KEYS];
        long[] counts = new long[MAX_KEYS];
        int size = 0;
        for (int slot = 0; slot < countBySlot.length; slot++) {
            if (countBySlot[slot] != 0) {
                if (size == MAX_KEYS) {
                    return null;
                }
                keys[size] = keyOfSlot.apply(slot);
                counts[size] = countBySlot[slot];
                size++;
            }
        }
        return new CategoryCounts(keys, counts, size, total);
    }
}

package io.mlopsbridge.drift.profile;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Streams the values of one categorical column into a {@link CategoricalSummary}. Not thread-safe. */
public final class CategoricalAccumulator {
    /** Distinct categories counted one by one; more than this is an identifier column, not a category. */
    public static final int CATEGORY_LIMIT = 10_000;

    private final Map<String, long[]> counts = new HashMap<>();
    private long count;
    private long pooled;

    public void add(String category) {
        count++;
        long[] c = counts.get(category);
        if (c != null) {
            c[0]++;
        } else if (counts.size() < CATEGORY_LIMIT) {
            counts.put(category, new long[] {1});
        } else {
            pooled++;
        }
    }

    /**
     * Adds the counts of the part that follows this one in row order. Equals counting both parts here while the
     * union has at most {@link #CATEGORY_LIMIT} categories; past it, categories the later part pooled stay pooled.
     */
    public void merge(CategoricalAccumulator later) {
        count += later.count;
        pooled += later.pooled;
        later.counts.forEach((category, n) -> {
            long[] c = counts.get(category);
            if (c != null) {
                c[0] += n[0];
            } else if (counts.size() < CATEGORY_LIMIT) {
                counts.put(category, new long[] {n[0]});
            } else {
                pooled += n[0];
            }
        });
    }

    public long count() {
        return count;
    }

    public CategoricalSummary finish() {
        TreeMap<String, Long> sorted = new TreeMap<>();
        counts.forEach((k, v) -> sorted.put(k, v[0]));
        return new CategoricalSummary(count, sorted, pooled);
    }
}

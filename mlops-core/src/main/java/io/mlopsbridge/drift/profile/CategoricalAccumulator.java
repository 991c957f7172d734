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
     * Adds a batch's {@code values[0..n)}, counted per category by a parser thread in {@code counts} (or null). While
     * the batch's categories all fit under {@link #CATEGORY_LIMIT} its counts are added as they are; otherwise the values
     * are added one by one, so which categories get pooled stays what counting in row order gives.
     */
    public void addAll(String[] values, int n, CategoryCounts counts) {
        if (counts == null || counts.total != n || !fitsUnderLimit(counts)) {
            for (int i = 0; i < n; i++) {
                add(values[i]);
            }
            return;
        }
        count += n;
        for (int i = 0; i < counts.size; i++) {
            long[] c = this.counts.get(counts.keys[i]);
            if (c != null) {
                c[0] += counts.counts[i];
            } else {
                this.counts.put(counts.keys[i], new long[] {counts.counts[i]});
            }
        }
    }

    private boolean fitsUnderLimit(CategoryCounts batch) {
        int room = CATEGORY_LIMIT - counts.size();
        if (batch.size <= room) {
            return true;
        }
        int fresh = 0;
        for (int i = 0; i < batch.size && fresh <= room; i++) {
            if (!counts.containsKey(batch.keys[i])) {
                fresh++;
            }
        }
        return fresh <= room;
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

    /** Whether some values were pooled (the column has more than {@link #CATEGORY_LIMIT} categories). */
    public boolean pooledAny() {
        return pooled > 0;
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

package io.mlopsbridge.drift.profile;

import java.util.Map;
import java.util.SortedMap;

/**
 * Counts per category of one categorical column of one dataset. Immutable.
 *
 * @param count values counted (missing values are not)
 * @param counts count per category, sorted by category
 * @param pooled values of categories first seen after {@link CategoricalAccumulator#CATEGORY_LIMIT} distinct ones,
 *     counted together (reported as an approximation)
 */
public record CategoricalSummary(long count, SortedMap<String, Long> counts, long pooled) {
    public CategoricalSummary {
        counts = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(counts));
    }

    public long countOf(String category) {
        return counts.getOrDefault(category, 0L);
    }

    public Map<String, Long> asMap() {
        return counts;
    }
}

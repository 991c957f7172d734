package io.mlopsbridge.gate;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The verdict on one top-level {@code &&} conjunct of a gate expression.
 *
 * @param text   the clause as the user wrote it, e.g. {@code auc >= champion.auc - 0.005}
 * @param passed whether the clause holds
 * @param values every metric the clause read, sorted by name; champion metrics as {@code champion.<name>}
 *               (absent when there is no champion yet)
 * @param note   why the verdict may surprise (no champion yet, division by zero, NaN), or null
 */
public record GateClause(String text, boolean passed, Map<String, Double> values, String note) {
    public GateClause {
        Objects.requireNonNull(text, "text");
        SortedMap<String, Double> sorted = new TreeMap<>();
        values.forEach((name, value) -> sorted.put(Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(value, "value")));
        values = Collections.unmodifiableSortedMap(sorted);
    }

    /** The values on one line as reports print them: {@code auc = 0.95, champion.auc = 0.96}. */
    public String valuesText() {
        StringBuilder line = new StringBuilder();
        values.forEach((name, value) -> {
            if (line.length() > 0) {
                line.append(", ");
            }
            line.append(name).append(" = ").append(ShortestDouble.format(value));
        });
        return line.toString();
    }
}

package io.mlopsbridge.drift.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the drift comparison needs to know about one dataset, in column order. A reference profile can be
 * saved ({@link ProfileFile}) and compared later without re-reading the reference data.
 *
 * @param source file name the data came from (never its rows)
 * @param rows data rows read (excluding the header)
 * @param badRows rows with at least one bad value or the wrong number of fields, with the first examples
 */
public record DatasetProfile(String source, long rows, BadRows badRows, Map<String, ColumnProfile> columns) {
    public DatasetProfile {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public Optional<ColumnProfile> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    public List<String> columnNames() {
        return List.copyOf(columns.keySet());
    }
}

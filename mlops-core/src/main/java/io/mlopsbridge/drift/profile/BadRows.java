package io.mlopsbridge.drift.profile;

import java.util.List;

/**
 * Rows that could not be used whole: counted, with the first few kept as examples (line number and reason,
 * never the row's content beyond the offending column's name).
 */
public record BadRows(long count, List<Example> examples) {
    /** How many examples are kept. */
    public static final int EXAMPLES = 5;

    public BadRows {
        examples = List.copyOf(examples);
    }

    public static BadRows none() {
        return new BadRows(0, List.of());
    }

    /** One bad row: 1-based line number in the file (or row number for Parquet) and what was wrong. */
    public record Example(long line, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason;
        }
    }
}

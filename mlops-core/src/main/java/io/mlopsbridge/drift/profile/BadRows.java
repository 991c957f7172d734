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

    /**
     * One bad row: the 1-based line numbers of its first and last physical line in the file (the same for a row on
     * one line; for Parquet the row number) and what was wrong. A row spanning lines (an unterminated quote swallows
     * the rest of the file) shows how many rows it may have hidden.
     */
    public record Example(long line, long lastLine, String reason) {
        public Example(long line, String reason) {
            this(line, line, reason);
        }

        /** Physical lines the row took. */
        public long lines() {
            return lastLine - line + 1;
        }

        @Override
        public String toString() {
            if (lastLine == line) {
                return "line " + line + ": " + reason;
            }
            return "lines " + line + "-" + lastLine + ": " + reason + ", " + lines() + " lines";
        }
    }

    /** {@code count} and the first example, e.g. {@code 1 (lines 502-1002: unterminated quoted field, 501 lines)}. */
    public String describe() {
        return examples.isEmpty() ? Long.toString(count) : count + " (" + examples.get(0) + ")";
    }
}

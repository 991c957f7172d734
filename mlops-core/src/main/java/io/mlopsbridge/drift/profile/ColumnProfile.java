package io.mlopsbridge.drift.profile;

import io.mlopsbridge.drift.ColumnKind;

/**
 * One column of one dataset after reading: its kind, missing and bad value counts, and either a numeric or a
 * categorical summary.
 *
 * @param missing empty fields (never counted as a category or value, as Evidently drops NaN)
 * @param bad values that could not be used: unparsable numbers, NaN or infinity, invalid UTF-8
 */
public record ColumnProfile(String name, ColumnKind kind, long missing, long bad, NumericSummary numeric,
                            CategoricalSummary categorical) {

    public long count() {
        return kind == ColumnKind.NUMERIC ? numeric.count() : categorical.count();
    }
}

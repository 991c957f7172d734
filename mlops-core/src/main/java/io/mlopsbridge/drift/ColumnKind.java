package io.mlopsbridge.drift;

/** How a column is compared. */
public enum ColumnKind {
    NUMERIC,
    CATEGORICAL;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

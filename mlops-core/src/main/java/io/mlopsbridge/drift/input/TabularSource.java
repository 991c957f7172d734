package io.mlopsbridge.drift.input;

import java.util.List;
import java.util.function.Consumer;

/** A table read once, front to back, in batches: a CSV or Parquet file. */
public interface TabularSource {
    /** The file name, for messages and reports (never its content). */
    String name();

    /** Size of the data in bytes, for progress, or -1 when unknown. */
    default long sizeBytes() {
        return -1;
    }

    /** Column names in file order. */
    List<String> header();

    /** Kinds the file itself declares (Parquet's physical types); null entries mean "infer". */
    List<io.mlopsbridge.drift.ColumnKind> declaredKinds();

    /**
     * Reads {@code columns} (indexes into {@link #header()}; a null kind is inferred from the first rows) and hands
     * batches to {@code sink} in row order on the calling thread. Where {@code grids} has a grid for a numeric
     * column, batches may carry each value's bin on it. Returns the kinds used.
     */
    List<io.mlopsbridge.drift.ColumnKind> read(int[] columns, List<io.mlopsbridge.drift.ColumnKind> kinds,
                                               ColumnGrids grids, Consumer<ColumnBatch> sink);
}

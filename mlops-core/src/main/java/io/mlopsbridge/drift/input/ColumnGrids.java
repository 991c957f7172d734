package io.mlopsbridge.drift.input;

import io.mlopsbridge.drift.profile.BinGrid;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bin grid of each selected numeric column once it is known, published by the thread that accumulates values
 * and read by the parser threads, which then also compute each value's bin. That moves the binning, the largest
 * per-value cost after parsing, onto the parallel parsers. Batches parsed before a grid was published simply
 * carry no bins.
 */
public final class ColumnGrids {
    private final AtomicReferenceArray<BinGrid> grids;

    public ColumnGrids(int columns) {
        grids = new AtomicReferenceArray<>(columns);
    }

    /** No column is binned by the parsers. */
    public static ColumnGrids none(int columns) {
        return new ColumnGrids(columns);
    }

    public BinGrid get(int column) {
        return grids.get(column);
    }

    public void publish(int column, BinGrid grid) {
        grids.set(column, grid);
    }
}

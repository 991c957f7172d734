package io.mlopsbridge.drift.input;

import io.mlopsbridge.drift.profile.BinGrid;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the parser threads summarise of each batch besides parsing it, so the per-value work of profiling runs on the
 * parallel parsers and the thread that merges batches in row order only adds per-batch summaries. A bare parse
 * ({@link #none}) summarises nothing. A profiling read ({@link #profiling}) counts the categories of every batch and,
 * once the accumulating thread has published a numeric column's grid and centre, bins that column's values and sums
 * them. Batches parsed before a publication simply carry no summary for that column.
 */
public final class ColumnGrids {
    /** A column's grid and the centre its sums are taken around. */
    public record Binning(BinGrid grid, double centre) {
    }

    private final AtomicReferenceArray<Binning> binnings;
    private final boolean countCategories;

    private ColumnGrids(int columns, boolean countCategories) {
        this.binnings = new AtomicReferenceArray<>(columns);
        this.countCategories = countCategories;
    }

    /** Parsing only: no summaries. */
    public static ColumnGrids none(int columns) {
        return new ColumnGrids(columns, false);
    }

    /** A profiling read: category counts from the start, numeric summaries once published. */
    public static ColumnGrids profiling(int columns) {
        return new ColumnGrids(columns, true);
    }

    public Binning get(int column) {
        return binnings.get(column);
    }

    public boolean countsCategories() {
        return countCategories;
    }

    public void publish(int column, BinGrid grid, double centre) {
        binnings.set(column, new Binning(grid, centre));
    }
}

package io.mlopsbridge.drift.input;

import io.mlopsbridge.drift.profile.BadRows;
import io.mlopsbridge.drift.profile.BinnedBatch;
import io.mlopsbridge.drift.profile.CategoryCounts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parsed values of a run of consecutive rows, column by column, for the selected columns only. Missing and bad
 * values are counted, not stored; stored values are in row order. Filled by one parser thread, then handed over.
 */
public final class ColumnBatch {
    /** Bytes of the input this batch was parsed from (0 when the source does not say). */
    public long bytes;
    /** Rows with the right number of fields. */
    public long rows;
    /** Rows with the wrong number of fields or at least one bad value. */
    public long badRows;
    /** The first few bad rows of this batch. */
    public final List<BadRows.Example> badExamples = new ArrayList<>();

    public final double[][] numbers;
    public final int[] numberCount;
    /** Whether every number of the column in this batch was an integer literal. */
    public final boolean[] integerLiterals;
    public final String[][] categories;
    public final int[] categoryCount;
    public final long[] missing;
    public final long[] bad;
    /** Per numeric column: the batch summarised on a published grid by the parser thread, or null. */
    public final BinnedBatch[] binned;
    /** Per categorical column: the batch's counts per category, or null. */
    public final CategoryCounts[] categoryCounts;

    /** {@code numeric[i]} says whether selected column i is numeric. */
    public ColumnBatch(boolean[] numeric, int expectedRows) {
        int n = numeric.length;
        numbers = new double[n][];
        categories = new String[n][];
        numberCount = new int[n];
        categoryCount = new int[n];
        integerLiterals = new boolean[n];
        missing = new long[n];
        bad = new long[n];
        binned = new BinnedBatch[n];
        categoryCounts = new CategoryCounts[n];
        int capacity = Math.max(16, expectedRows);
        for (int i = 0; i < n; i++) {
            if (numeric[i]) {
                numbers[i] = new double[capacity];
                integerLiterals[i] = true;
            } else {
                categories[i] = new String[capacity];
            }
        }
    }

    public void addNumber(int column, double value, boolean integerLiteral) {
        double[] a = numbers[column];
        int n = numberCount[column];
        if (n == a.length) {
            a = numbers[column] = Arrays.copyOf(a, n * 2);
        }
        a[n] = value;
        numberCount[column] = n + 1;
        integerLiterals[column] &= integerLiteral;
    }

    public void addCategory(int column, String value) {
        String[] a = categories[column];
        int n = categoryCount[column];
        if (n == a.length) {
            a = categories[column] = Arrays.copyOf(a, n * 2);
        }
        a[n] = value;
        categoryCount[column] = n + 1;
    }

    /**
     * Computes the numeric summaries {@code grids} asks for (on the parser thread, once the batch is complete); the
     * parser tallies {@link #categoryCounts} itself as it parses.
     */
    public void summarise(ColumnGrids grids) {
        for (int c = 0; c < numbers.length; c++) {
            if (numbers[c] != null) {
                ColumnGrids.Binning binning = grids.get(c);
                if (binning != null) {
                    binned[c] = BinnedBatch.of(binning.grid(), binning.centre(), numbers[c], numberCount[c]);
                }
            }
        }
    }

    public void badRow(long line, String reason) {
        badRow(line, line, reason);
    }

    /** A bad row spanning physical lines {@code line..lastLine}. */
    public void badRow(long line, long lastLine, String reason) {
        badRows++;
        if (badExamples.size() < BadRows.EXAMPLES) {
            badExamples.add(new BadRows.Example(line, lastLine, reason));
        }
    }
}

package io.mlopsbridge.drift.profile;

/**
 * What is known about one numeric column of one dataset once it has been read: exact values while there are at
 * most {@link NumericAccumulator#EXACT_LIMIT} of them, otherwise counts on a {@link BinGrid}. Immutable.
 *
 * @param count finite values counted
 * @param min smallest value (NaN when count is 0)
 * @param max largest value
 * @param mean arithmetic mean
 * @param std population standard deviation (ddof = 0, as numpy's default)
 * @param integers whether every value was written as an integer literal (numpy would see an integer column)
 * @param distinct counts per distinct value, or null when there were more than 1000 distinct values
 * @param sortedValues every value, sorted, or null when binned
 * @param bins counts per fine bin, or null when exact
 */
public record NumericSummary(long count, double min, double max, double mean, double std, boolean integers,
                             ValueCounts distinct, double[] sortedValues, BinCounts bins) {

    public boolean exact() {
        return sortedValues != null;
    }

    /** The same data counted on {@code grid}: exact values are binned, binned data must already use that grid. */
    public BinCounts countsOn(BinGrid grid) {
        if (bins != null) {
            if (!bins.grid().equals(grid)) {
                throw new IllegalStateException("reference and current were binned on different grids");
            }
            return bins;
        }
        BinCounts counts = new BinCounts(grid);
        for (double v : sortedValues) {
            counts.add(v);
        }
        return counts;
    }
}

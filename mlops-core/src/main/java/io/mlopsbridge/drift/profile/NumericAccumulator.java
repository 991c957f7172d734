package io.mlopsbridge.drift.profile;

import java.util.Arrays;

/**
 * Streams the values of one numeric column of one dataset into a {@link NumericSummary}. Memory does not grow with
 * the number of rows: values are kept exactly up to {@link #EXACT_LIMIT}, then moved onto a fine {@link BinGrid}.
 * Not thread-safe: one accumulator is fed by one thread in row order.
 */
public final class NumericAccumulator {
    /**
     * Values kept exactly (800 KB): well above scipy's exact-KS limit of 10 000, so small and medium data get exact
     * statistics; beyond it the bins' error bounds are reported with the result.
     */
    public static final int EXACT_LIMIT = 100_000;

    /** Supplies the grid when a column outgrows exact storage, given its own values so far (sorted). */
    @FunctionalInterface
    public interface GridSource {
        BinGrid gridFor(double[] sortedValues);
    }

    private final GridSource gridSource;
    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    // Sums are taken around the first value so the variance keeps its digits for data far from zero.
    private double shift = Double.NaN;
    private double sum;
    private double sumSquares;
    private boolean integers = true;
    private final DistinctValues distinct = new DistinctValues();
    private double[] values = new double[256];
    private BinCounts bins;

    /** An accumulator that derives its own grid from its values (a reference read first). */
    public static NumericAccumulator selfGridded() {
        return new NumericAccumulator(BinGrid::fromSortedSample);
    }

    /** An accumulator that asks {@code gridSource} for the grid when it overflows. */
    public NumericAccumulator(GridSource gridSource) {
        this.gridSource = gridSource;
    }

    /** An accumulator that counts on a fixed grid from the start (a current compared with a binned reference). */
    public static NumericAccumulator onGrid(BinGrid grid) {
        NumericAccumulator accumulator = new NumericAccumulator(v -> grid);
        accumulator.values = null;
        accumulator.bins = new BinCounts(grid);
        return accumulator;
    }

    /** Adds a finite value; {@code integerLiteral} says whether it was written without a fraction or exponent. */
    public void add(double value, boolean integerLiteral) {
        if (count == 0) {
            shift = value;
        }
        count++;
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
        double d = value - shift;
        sum += d;
        sumSquares += d * d;
        integers &= integerLiteral;
        distinct.add(value);
        if (bins != null) {
            bins.add(value);
            return;
        }
        if (count > values.length) {
            if (values.length == EXACT_LIMIT) {
                switchToBins();
                bins.add(value);
                return;
            }
            values = Arrays.copyOf(values, Math.min(EXACT_LIMIT, values.length * 2));
        }
        values[(int) count - 1] = value;
    }

    /** Adds {@code n} finite values; {@code integerLiterals} says whether all were written as integers. */
    public void addAll(double[] batch, int n, boolean integerLiterals) {
        if (bins == null || count == 0) {
            for (int i = 0; i < n; i++) {
                add(batch[i], integerLiterals);
            }
            return;
        }
        // Binned: summarised here as a parser thread would (one table load per value, see BinnedBatch.of) rather than
        // value by value through binOf. This path runs early in a read (the batches parsed before the grid reached
        // the parsers), before the JIT has compiled much: sharing the parsers' loop keeps this thread from holding
        // the parsers up there (the nine batches after the switch took 57 ms here, 20-28 ms with the shared loop).
        apply(BinnedBatch.of(bins.grid(), shift, batch, n), batch, n, integerLiterals);
    }

    /**
     * Whether batches summarised on a parser thread ({@link BinnedBatch}) can be added: the column is binned, and
     * its centre (the first value) is known. Parsers summarise on {@link #grid()} around {@link #centre()}.
     */
    public boolean takesBinnedBatches() {
        return bins != null && count > 0;
    }

    /** The value the sums are taken around (the first value), NaN before any. */
    public double centre() {
        return shift;
    }

    /**
     * As {@link #addAll(double[], int, boolean)}, with the batch already summarised by a parser thread; the summary is
     * used when it was made on this accumulator's grid and centre, otherwise (null, or made for another accumulator)
     * the values are added as {@link #addAll(double[], int, boolean)} adds them. Either way the result is the same, bit
     * for bit.
     */
    public void addAll(double[] batch, int n, boolean integerLiterals, BinnedBatch summary) {
        if (summary == null || !takesBinnedBatches() || !summary.fits(bins.grid(), shift) || summary.count != n) {
            addAll(batch, n, integerLiterals);
            return;
        }
        if (n > 0) {
            apply(summary, batch, n, integerLiterals);
        }
    }

    private void apply(BinnedBatch summary, double[] batch, int n, boolean integerLiterals) {
        integers &= integerLiterals;
        min = Math.min(min, summary.min);
        max = Math.max(max, summary.max);
        sum += summary.sum;
        sumSquares += summary.sumSquares;
        count += n;
        if (!distinct.overflowed()) {
            for (int i = 0; i < n; i++) {
                distinct.add(batch[i]);
            }
        }
        bins.addBatch(summary.interior, summary.tailBins, summary.tailCount);
    }

    /**
     * Adds the part that follows this one in row order, so that the result equals one accumulator fed both parts.
     * A part holding exact values is replayed value by value (bit-identical to reading it here, including the switch
     * to bins at {@link #EXACT_LIMIT} and the grid that comes with it). A binned part must be on this accumulator's
     * grid (partitions of a large column are all counted on the grid the whole would use, see
     * {@link #onGrid(BinGrid)}); its counts are added and its sums re-centred, so mean and standard deviation agree with
     * a single pass to rounding.
     */
    public void merge(NumericAccumulator later) {
        if (later.count == 0) {
            return;
        }
        if (later.bins == null) {
            double[] replay = Arrays.copyOf(later.values, (int) later.count);
            boolean wasIntegers = integers;
            for (double v : replay) {
                add(v, true);
            }
            integers = wasIntegers && later.integers;
            return;
        }
        if (bins == null || !bins.grid().equals(later.bins.grid())) {
            throw new IllegalStateException("binned parts merge only onto the same grid");
        }
        if (count == 0) {
            shift = later.shift;
        }
        // Σ(v - s) = Σ(v - t) + n(t - s) and Σ(v - s)² = Σ(v - t)² + 2(t - s)Σ(v - t) + n(t - s)², t the part's centre.
        double delta = later.shift - shift;
        sum += later.sum + later.count * delta;
        sumSquares += later.sumSquares + 2 * delta * later.sum + later.count * delta * delta;
        count += later.count;
        min = Math.min(min, later.min);
        max = Math.max(max, later.max);
        integers &= later.integers;
        distinct.merge(later.distinct);
        bins.merge(later.bins);
    }

    /** The grid once the values are binned, else null. */
    public BinGrid grid() {
        return bins == null ? null : bins.grid();
    }

    private void switchToBins() {
        double[] sorted = values.clone();
        // The reading thread sorts while the parsers wait on their full queue, once per column early in the read,
        // mostly before the JIT has compiled a sort: a radix sort's few simple loops cost a third of Arrays.sort there.
        RadixSort.sort(sorted);
        bins = new BinCounts(gridSource.gridFor(sorted));
        for (double v : sorted) {
            bins.add(v);
        }
        values = null;
    }

    public long count() {
        return count;
    }

    public NumericSummary finish() {
        if (count == 0) {
            return new NumericSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, integers, null,
                    new double[0], null);
        }
        ValueCounts distinctCounts = distinct.snapshot();
        if (bins == null) {
            double[] sorted = Arrays.copyOf(values, (int) count);
            Arrays.sort(sorted);
            double mean = 0;
            for (double v : sorted) {
                mean += v;
            }
            mean /= count;
            double squares = 0;
            for (double v : sorted) {
                squares += (v - mean) * (v - mean);
            }
            return new NumericSummary(count, min, max, mean, Math.sqrt(squares / count), integers, distinctCounts,
                    sorted, null);
        }
        double meanShifted = sum / count;
        double variance = Math.max(0, sumSquares / count - meanShifted * meanShifted);
        return new NumericSummary(count, min, max, shift + meanShifted, Math.sqrt(variance), integers,
                distinctCounts, null, bins);
    }
}

package io.mlopsbridge.drift;

import io.mlopsbridge.drift.input.ColumnBatch;
import io.mlopsbridge.drift.input.ColumnGrids;
import io.mlopsbridge.drift.input.PartitionedSource;
import io.mlopsbridge.drift.input.ReadInterrupted;
import io.mlopsbridge.drift.input.ReadThreads;
import io.mlopsbridge.drift.input.TabularSource;
import io.mlopsbridge.drift.input.WorkerFailure;
import io.mlopsbridge.drift.profile.BinGrid;
import io.mlopsbridge.drift.profile.NumericAccumulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Profiles the parts of a partitioned data set in parallel and merges them into what one pass over the whole would
 * give. A single pass takes a large column's grid from its first 100 000 values, so those are read first (the head of
 * the first part); then every part counts that column on that grid, and counts on one grid add up exactly.
 */
final class PartitionProfiler {
    private PartitionProfiler() {
    }

    /** Stops the head read once every numeric column's grid is known. */
    private static final class HeadRead extends RuntimeException {
        HeadRead() {
            super(null, null, false, false);
        }
    }

    /**
     * The merged state of all parts, or null when the parts cannot be merged exactly (a column whose grid the head did
     * not settle outgrew exact storage within a later part, or a cut of one file fell inside a quoted field); the
     * caller then reads the data in one pass.
     */
    static DatasetProfiler.State profile(PartitionedSource source, String role, List<String> columns, int[] indexes,
                                         List<ColumnKind> declared,
                                         Function<String, NumericAccumulator> numericAccumulator, long maxBadRows,
                                         ReadProgress.Reporter reporter) {
        List<TabularSource> parts = source.parts();
        List<ColumnKind> kinds = new ArrayList<>(declared);
        BinGrid[] grids = headGrids(source, indexes, kinds, numericAccumulator, columns);
        Function<String, NumericAccumulator> onGrid = name -> {
            BinGrid grid = grids[columns.indexOf(name)];
            return grid != null ? NumericAccumulator.onGrid(grid) : numericAccumulator.apply(name);
        };
        int threads = Math.max(1, Math.min(parts.size(), Runtime.getRuntime().availableProcessors()));
        ReadThreads partThreads = new ReadThreads();
        ExecutorService pool = partThreads.fixedPool(threads, n -> "mlops-drift-part");
        try {
            List<Future<DatasetProfiler.State>> futures = new ArrayList<>();
            for (int p = 0; p < parts.size(); p++) {
                TabularSource part = parts.get(p);
                int index = p;
                // The first part of a directory enforces the limit on bad rows, so a bad data set fails early; the
                // merge checks the running total. (The first part of a cut file may end in a spurious bad row when the
                // cut fell inside a quoted field, so there only the merge checks, after the cuts were found good.)
                long limit = p == 0 && source.cutsAtRecordBoundaries() ? maxBadRows : Long.MAX_VALUE;
                futures.add(pool.submit(() -> {
                    DatasetProfiler.State state = new DatasetProfiler.State(columns.size(), limit, role, part.name());
                    state.kinds = part.read(indexes, kinds, state.grids,
                            source.forPart(index, b -> {
                                state.accept(b, onGrid, columns);
                                synchronized (reporter) { // parts run in parallel
                                    reporter.advance(b.bytes, b.rows + b.badRows);
                                }
                            }));
                    return state;
                }));
            }
            List<DatasetProfiler.State> states = new ArrayList<>();
            String input = role + (source.isCut() ? " file " : " directory ") + source.name();
            for (Future<DatasetProfiler.State> future : futures) {
                states.add(get(future, input));
            }
            if (!source.cutsAtRecordBoundaries()) {
                return null;
            }
            DatasetProfiler.State total = states.get(0);
            for (int p = 1; p < states.size(); p++) {
                DatasetProfiler.State state = states.get(p);
                state.shiftLines(source.lineOffset(p));
                total.merge(state);
            }
            // Which categories a single pass pools depends on the order it first meets them in, which parts read in
            // parallel do not keep; a directory accepts that (see drift.md), a cut file must equal its one pass.
            return source.isCut() && total.pooledCategories() ? null : total;
        } catch (IllegalStateException gridsDiffer) {
            return null;
        } finally {
            pool.shutdownNow();
            // An abort returns only once the parts (and their readers and parsers) have ended, as one pass does.
            partThreads.join();
        }
    }

    /**
     * Reads the parts in order until every numeric column has outgrown exact storage (or the data ends) and returns the
     * grid each numeric column got, as a single pass would; also fixes inferred kinds in {@code kinds}.
     */
    private static BinGrid[] headGrids(TabularSource first, int[] indexes, List<ColumnKind> kinds,
                                       Function<String, NumericAccumulator> numericAccumulator, List<String> columns) {
        NumericAccumulator[] head = new NumericAccumulator[columns.size()];
        boolean[] seen = new boolean[1];
        try {
            first.read(indexes, kinds, ColumnGrids.none(columns.size()), batch -> {
                if (!seen[0]) {
                    seen[0] = true;
                    for (int c = 0; c < head.length; c++) {
                        kinds.set(c, batch.numbers[c] != null ? ColumnKind.NUMERIC : ColumnKind.CATEGORICAL);
                    }
                }
                if (feed(head, batch, numericAccumulator, columns)) {
                    throw new HeadRead();
                }
            });
        } catch (HeadRead done) {
            // every numeric column has its grid
        }
        BinGrid[] grids = new BinGrid[head.length];
        for (int c = 0; c < head.length; c++) {
            grids[c] = head[c] == null ? null : head[c].grid();
        }
        return grids;
    }

    /** Adds a batch to the head accumulators; true once every numeric column has a grid. */
    private static boolean feed(NumericAccumulator[] head, ColumnBatch batch,
                                Function<String, NumericAccumulator> numericAccumulator, List<String> columns) {
        boolean all = true;
        for (int c = 0; c < head.length; c++) {
            if (batch.numbers[c] == null) {
                continue;
            }
            if (head[c] == null) {
                head[c] = numericAccumulator.apply(columns.get(c));
            }
            if (head[c].grid() == null) {
                head[c].addAll(batch.numbers[c], batch.numberCount[c], batch.integerLiterals[c]);
            }
            all &= head[c].grid() != null;
        }
        return all;
    }

    /**
     * A part's state; its failure as the read's (an Error too: taken for grids that differ, it was read again in one
     * pass, to fail the same way much later).
     */
    private static DatasetProfiler.State get(Future<DatasetProfiler.State> future, String input) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            throw ReadInterrupted.abort();
        } catch (ExecutionException e) {
            throw WorkerFailure.of(e.getCause(), input);
        }
    }
}

package io.mlopsbridge.drift;

import static io.mlopsbridge.drift.DriftInputNames.MAX_BAD_ROWS;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.input.ColumnBatch;
import io.mlopsbridge.drift.input.ColumnGrids;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.drift.input.PartitionedSource;
import io.mlopsbridge.drift.input.TabularSource;
import io.mlopsbridge.drift.profile.BadRows;
import io.mlopsbridge.drift.profile.CategoricalAccumulator;
import io.mlopsbridge.drift.profile.ColumnProfile;
import io.mlopsbridge.drift.profile.DatasetProfile;
import io.mlopsbridge.drift.profile.NumericAccumulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads one dataset once and turns the selected columns into a {@link DatasetProfile}. */
final class DatasetProfiler {
    private DatasetProfiler() {
    }

    /**
     * @param kinds per selected column: its kind, or null to infer it from the first rows
     * @param numericAccumulator makes the accumulator of a numeric column, by name
     */
    static DatasetProfile profile(TabularSource source, String role, List<String> columns, List<ColumnKind> kinds,
                                  Function<String, NumericAccumulator> numericAccumulator, long maxBadRows,
                                  ReadProgress progress) {
        List<String> header = source.header();
        int[] indexes = columns.stream().mapToInt(header::indexOf).toArray();
        List<ColumnKind> declared = new ArrayList<>(kinds);
        List<ColumnKind> fileKinds = source.declaredKinds();
        for (int i = 0; i < indexes.length; i++) {
            if (declared.get(i) == null) {
                declared.set(i, fileKinds.get(indexes[i]));
            }
        }
        ReadProgress.Reporter reporter = progress.start("reading " + role + " " + source.name(), source.sizeBytes());
        try {
            return read(source, role, columns, indexes, declared, numericAccumulator, maxBadRows, reporter);
        } finally {
            reporter.finish();
        }
    }

    private static DatasetProfile read(TabularSource source, String role, List<String> columns, int[] indexes,
                                       List<ColumnKind> declared, Function<String, NumericAccumulator> numericAccumulator,
                                       long maxBadRows, ReadProgress.Reporter reporter) {
        PartitionedSource parts = source instanceof PartitionedSource p ? p
                : source instanceof CsvSource file && file.plannedParts() > 1 ? PartitionedSource.cutOf(file) : null;
        if (parts != null && parts.parts().size() > 1) {
            State merged = PartitionProfiler.profile(parts, role, columns, indexes, declared, numericAccumulator,
                    maxBadRows, reporter);
            if (merged != null) {
                return finish(merged, source, role, columns, numericAccumulator);
            }
        }
        State state = new State(columns.size(), maxBadRows, role, source.name());
        state.kinds = source.read(indexes, declared, state.grids, batch -> {
            state.accept(batch, numericAccumulator, columns);
            reporter.advance(batch.bytes, batch.rows + batch.badRows);
        });
        return finish(state, source, role, columns, numericAccumulator);
    }

    private static DatasetProfile finish(State state, TabularSource source, String role, List<String> columns,
                                         Function<String, NumericAccumulator> numericAccumulator) {
        if (state.rows == 0 && state.badRows == 0) {
            throw MlopsException.input(role + " file " + source.name() + " has no data rows",
                    "it needs a header row followed by at least one row of data");
        }
        Map<String, ColumnProfile> profiles = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i);
            ColumnKind kind = state.kinds.get(i);
            if (kind == ColumnKind.NUMERIC) {
                NumericAccumulator a = state.numeric(i, name, numericAccumulator);
                profiles.put(name, new ColumnProfile(name, kind, state.missing[i], state.bad[i], a.finish(), null));
            } else {
                CategoricalAccumulator a = state.categorical(i);
                profiles.put(name, new ColumnProfile(name, kind, state.missing[i], state.bad[i], null, a.finish()));
            }
        }
        return new DatasetProfile(source.name(), state.rows, new BadRows(state.badRows, state.examples), profiles);
    }

    /** Accumulators fed on the caller's thread, batch by batch in row order; parts of a data set merge. */
    static final class State {
        final Object[] accumulators;
        final long[] missing;
        final long[] bad;
        final List<BadRows.Example> examples = new ArrayList<>();
        final ColumnGrids grids;
        final long maxBadRows;
        final String role;
        final String source;
        long rows;
        long badRows;
        List<ColumnKind> kinds;

        State(int columns, long maxBadRows, String role, String source) {
            accumulators = new Object[columns];
            grids = ColumnGrids.profiling(columns);
            missing = new long[columns];
            bad = new long[columns];
            this.maxBadRows = maxBadRows;
            this.role = role;
            this.source = source;
        }

        private void checkBadRows() {
            if (badRows > maxBadRows) {
                throw MlopsException.input(role + " file " + source + " has more than " + maxBadRows
                                + " bad rows; first: " + examples.stream().map(Object::toString)
                                .collect(Collectors.joining("; ")),
                        "fix the data, or allow more with " + MAX_BAD_ROWS);
            }
        }

        /** Whether a categorical column has more categories than are counted one by one. */
        boolean pooledCategories() {
            for (Object a : accumulators) {
                if (a instanceof CategoricalAccumulator c && c.pooledAny()) {
                    return true;
                }
            }
            return false;
        }

        /** Moves the line numbers of the bad-row examples by {@code lines} (a part of a cut file, made the file's). */
        void shiftLines(long lines) {
            examples.replaceAll(e -> new BadRows.Example(e.line() + lines, e.lastLine() + lines, e.reason()));
        }

        /** Adds the part read after this one: the result is what one pass over both parts gives. */
        void merge(State later) {
            rows += later.rows;
            badRows += later.badRows;
            for (BadRows.Example e : later.examples) {
                if (examples.size() < BadRows.EXAMPLES) {
                    examples.add(e);
                }
            }
            checkBadRows();
            for (int c = 0; c < accumulators.length; c++) {
                missing[c] += later.missing[c];
                bad[c] += later.bad[c];
                Object theirs = later.accumulators[c];
                if (theirs == null) {
                    continue;
                }
                if (accumulators[c] == null) {
                    accumulators[c] = theirs;
                } else if (theirs instanceof NumericAccumulator n) {
                    ((NumericAccumulator) accumulators[c]).merge(n);
                } else {
                    ((CategoricalAccumulator) accumulators[c]).merge((CategoricalAccumulator) theirs);
                }
            }
        }

        NumericAccumulator numeric(int i, String name, Function<String, NumericAccumulator> factory) {
            if (accumulators[i] == null) {
                accumulators[i] = factory.apply(name);
            }
            return (NumericAccumulator) accumulators[i];
        }

        CategoricalAccumulator categorical(int i) {
            if (accumulators[i] == null) {
                accumulators[i] = new CategoricalAccumulator();
            }
            return (CategoricalAccumulator) accumulators[i];
        }

        void accept(ColumnBatch batch, Function<String, NumericAccumulator> factory, List<String> names) {
            rows += batch.rows;
            badRows += batch.badRows;
            for (BadRows.Example e : batch.badExamples) {
                if (examples.size() < BadRows.EXAMPLES) {
                    examples.add(e);
                }
            }
            checkBadRows();
            for (int c = 0; c < accumulators.length; c++) {
                missing[c] += batch.missing[c];
                bad[c] += batch.bad[c];
                if (batch.numbers[c] != null) {
                    NumericAccumulator a = numeric(c, names.get(c), factory);
                    a.addAll(batch.numbers[c], batch.numberCount[c], batch.integerLiterals[c], batch.binned[c]);
                    if (grids.get(c) == null && a.takesBinnedBatches()) {
                        grids.publish(c, a.grid(), a.centre()); // from now on the parsers summarise this column
                    }
                } else {
                    categorical(c).addAll(batch.categories[c], batch.categoryCount[c], batch.categoryCounts[c]);
                }
            }
        }
    }
}

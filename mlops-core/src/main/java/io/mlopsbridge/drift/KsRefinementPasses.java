package io.mlopsbridge.drift;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.input.ColumnGrids;
import io.mlopsbridge.drift.input.TabularSource;
import io.mlopsbridge.drift.profile.ColumnProfile;
import io.mlopsbridge.drift.profile.DatasetProfile;
import io.mlopsbridge.drift.profile.NumericSummary;
import io.mlopsbridge.log.BuildLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the binned KS statistics of a comparison into exact ones by reading the data again: all refined columns of
 * a file share each read, and a side whose values are held exactly (at most 100 000) is fed from memory.
 */
final class KsRefinementPasses {
    private final DatasetProfile reference;
    private final TabularSource referenceData;
    private final DatasetProfile current;
    private final TabularSource currentData;
    private final ReadProgress progress;

    /** @param referenceData the reference's data, or null when the reference is only a profile */
    KsRefinementPasses(DatasetProfile reference, TabularSource referenceData, DatasetProfile current,
                       TabularSource currentData, ReadProgress progress) {
        this.reference = reference;
        this.referenceData = referenceData;
        this.current = current;
        this.currentData = currentData;
        this.progress = progress;
    }

    List<ColumnDrift> refine(List<ColumnDrift> results, BuildLog log) {
        Map<String, KsRefinement> refining = new LinkedHashMap<>();
        List<ColumnDrift> noted = new ArrayList<>();
        for (ColumnDrift c : results) {
            noted.add(c);
            if (c.method() != DriftMethod.KS || c.approximation() == null || c.kind() != ColumnKind.NUMERIC) {
                continue;
            }
            NumericSummary r = numeric(reference, c.column());
            if (!r.exact() && referenceData == null) {
                noted.set(noted.size() - 1, ColumnComparator.withNote(c, "D bounded: the reference is a saved profile "
                        + "holding bins, not values; compare with the reference data for the exact D"));
                continue;
            }
            refining.put(c.column(), KsRefinement.of(BinnedPair.of(r, numeric(current, c.column()))));
        }
        if (refining.isEmpty()) {
            return noted;
        }
        long start = System.nanoTime();
        int passes;
        try {
            passes = readUntilExact(refining);
        } catch (KsRefinement.ConcurrentInputChange e) {
            throw MlopsException.input("the data files " + referenceData.name() + " or " + currentData.name()
                    + " changed while the drift check read them", "run the check on files that are not being written");
        }
        log.info(String.format(Locale.ROOT, "drift: exact KS statistic for %d column(s) after %d more read(s) of the "
                + "data in %.1f s", refining.size(), passes, (System.nanoTime() - start) / 1e9));
        List<ColumnDrift> refined = new ArrayList<>();
        for (ColumnDrift c : results) {
            KsRefinement r = refining.get(c.column());
            refined.add(r != null && r.done() ? ColumnComparator.withExactKs(c, r.statistic(), r.passes()) : c);
        }
        return refined;
    }

    /** Reads the data until every refinement is exact (or out of passes); returns the number of reads. */
    private int readUntilExact(Map<String, KsRefinement> refining) {
        int passes = 0;
        while (true) {
            Map<String, KsRefinement> active = new LinkedHashMap<>();
            refining.forEach((name, r) -> {
                if (r.mayContinue()) {
                    active.put(name, r);
                }
            });
            if (active.isEmpty()) {
                break;
            }
            active.values().forEach(KsRefinement::beginPass);
            feed(currentData, "current", active, false);
            Map<String, KsRefinement> fromFile = new LinkedHashMap<>();
            active.forEach((name, r) -> {
                NumericSummary values = numeric(reference, name);
                if (values.exact()) {
                    r.accept(true, values.sortedValues(), values.sortedValues().length);
                } else {
                    fromFile.put(name, r);
                }
            });
            if (!fromFile.isEmpty()) {
                feed(referenceData, "reference", fromFile, true);
            }
            active.values().forEach(KsRefinement::endPass);
            passes++;
        }
        return passes;
    }

    private static NumericSummary numeric(DatasetProfile profile, String column) {
        return profile.column(column).map(ColumnProfile::numeric).orElseThrow();
    }

    private void feed(TabularSource source, String role, Map<String, KsRefinement> columns, boolean reference) {
        ReadProgress.Reporter reporter = progress.start("exact KS: reading " + role + " " + source.name() + " again",
                source.sizeBytes());
        try {
            feed(source, columns, reference, reporter);
        } finally {
            reporter.finish();
        }
    }

    private static void feed(TabularSource source, Map<String, KsRefinement> columns, boolean reference,
                             ReadProgress.Reporter reporter) {
        List<String> header = source.header();
        List<String> names = new ArrayList<>(columns.keySet());
        int[] indexes = names.stream().mapToInt(header::indexOf).toArray();
        KsRefinement[] refinements = names.stream().map(columns::get).toArray(KsRefinement[]::new);
        source.read(indexes, Collections.nCopies(names.size(), ColumnKind.NUMERIC), ColumnGrids.none(names.size()),
                batch -> {
                    for (int c = 0; c < refinements.length; c++) {
                        refinements[c].accept(reference, batch.numbers[c], batch.numberCount[c]);
                    }
                    reporter.advance(batch.bytes, batch.rows + batch.badRows);
                });
    }
}

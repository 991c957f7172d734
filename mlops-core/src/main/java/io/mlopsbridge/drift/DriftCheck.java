package io.mlopsbridge.drift;

import static io.mlopsbridge.drift.DriftInputNames.CATEGORICAL;
import static io.mlopsbridge.drift.DriftInputNames.COLUMNS;
import static io.mlopsbridge.drift.DriftInputNames.COLUMN_METHOD;
import static io.mlopsbridge.drift.DriftInputNames.COLUMN_THRESHOLD;
import static io.mlopsbridge.drift.DriftInputNames.EXCLUDE;
import static io.mlopsbridge.drift.DriftInputNames.MAX_BAD_ROWS;
import static io.mlopsbridge.drift.DriftInputNames.METHOD;
import static io.mlopsbridge.drift.DriftInputNames.NUMERIC;
import static io.mlopsbridge.drift.DriftInputNames.THRESHOLD;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.input.ReadInterrupted;
import io.mlopsbridge.drift.input.TabularSource;
import io.mlopsbridge.gate.Gate;
import io.mlopsbridge.gate.GateExpression;
import io.mlopsbridge.gate.GateVerdict;
import io.mlopsbridge.drift.profile.ColumnProfile;
import io.mlopsbridge.drift.profile.DatasetProfile;
import io.mlopsbridge.drift.profile.NumericAccumulator;
import io.mlopsbridge.drift.profile.NumericSummary;
import io.mlopsbridge.log.BuildLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A configured drift check: which columns, which test and threshold (globally or per column), how the dataset
 * decision is made. Immutable; {@code with...} methods return a changed copy, in the style of Commons Statistics'
 * tests. Defaults follow Evidently: method {@code auto}, each test's own threshold, dataset drift when at least half
 * of the columns drifted.
 */
public final class DriftCheck {
    /** Evidently's default share of drifted columns that makes the dataset drifted. */
    public static final double DEFAULT_DRIFT_SHARE = 0.5;
    /** Bad rows tolerated per file before the check fails as an input error. */
    public static final long DEFAULT_MAX_BAD_ROWS = 100;

    private final DriftMethod method;
    private final Double threshold;
    private final Map<String, DriftMethod> columnMethods;
    private final Map<String, Double> columnThresholds;
    private final Map<String, ColumnKind> columnKinds;
    private final List<String> columns;
    private final Set<String> excluded;
    private final double driftShare;
    private final long maxBadRows;
    private final GateExpression rule;
    private final ReadProgress progress;

    private DriftCheck(DriftMethod method, Double threshold, Map<String, DriftMethod> columnMethods,
                       Map<String, Double> columnThresholds, Map<String, ColumnKind> columnKinds,
                       List<String> columns, Set<String> excluded, double driftShare, long maxBadRows, GateExpression rule,
                       ReadProgress progress) {
        this.method = method;
        this.threshold = threshold;
        this.columnMethods = Map.copyOf(columnMethods);
        this.columnThresholds = Map.copyOf(columnThresholds);
        this.columnKinds = Map.copyOf(columnKinds);
        this.columns = List.copyOf(columns);
        this.excluded = Set.copyOf(excluded);
        this.driftShare = driftShare;
        this.maxBadRows = maxBadRows;
        this.rule = rule;
        this.progress = progress;
    }

    public static DriftCheck withDefaults() {
        return new DriftCheck(DriftMethod.AUTO, null, Map.of(), Map.of(), Map.of(), List.of(), Set.of(),
                DEFAULT_DRIFT_SHARE, DEFAULT_MAX_BAD_ROWS, null, ReadProgress.none());
    }

    /** The test for every column without its own. */
    public DriftCheck with(DriftMethod m) {
        return new DriftCheck(Objects.requireNonNull(m), threshold, columnMethods, columnThresholds, columnKinds,
                columns, excluded, driftShare, maxBadRows, rule, progress);
    }

    /** The threshold for every column without its own (default: the test's own). */
    public DriftCheck withThreshold(double t) {
        return new DriftCheck(method, checkThreshold(t, THRESHOLD.toString()), columnMethods, columnThresholds,
                columnKinds, columns, excluded, driftShare, maxBadRows, rule, progress);
    }

    public DriftCheck withColumnMethod(String column, DriftMethod m) {
        Map<String, DriftMethod> copy = new HashMap<>(columnMethods);
        copy.put(column, m);
        return new DriftCheck(method, threshold, copy, columnThresholds, columnKinds, columns, excluded, driftShare,
                maxBadRows, rule, progress);
    }

    public DriftCheck withColumnThreshold(String column, double t) {
        Map<String, Double> copy = new HashMap<>(columnThresholds);
        copy.put(column, checkThreshold(t, COLUMN_THRESHOLD + " for column '" + column + "'"));
        return new DriftCheck(method, threshold, columnMethods, copy, columnKinds, columns, excluded, driftShare,
                maxBadRows, rule, progress);
    }

    /** Declares a column's kind instead of inferring it; a column declared as the other kind already is refused. */
    public DriftCheck withColumnKind(String column, ColumnKind kind) {
        ColumnKind declared = columnKinds.get(column);
        if (declared != null && declared != kind) {
            throw MlopsException.input("column '" + column + "' is declared both numeric and categorical",
                    "give it in " + NUMERIC + " or in " + CATEGORICAL + ", not both");
        }
        Map<String, ColumnKind> copy = new HashMap<>(columnKinds);
        copy.put(column, kind);
        return new DriftCheck(method, threshold, columnMethods, columnThresholds, copy, columns, excluded, driftShare,
                maxBadRows, rule, progress);
    }

    /** Declares these columns numeric and those categorical, as the front ends take them; one in both is refused. */
    public DriftCheck withColumnKinds(List<String> numeric, List<String> categorical) {
        DriftCheck check = this;
        for (String name : numeric) {
            check = check.withColumnKind(name, ColumnKind.NUMERIC);
        }
        for (String name : categorical) {
            check = check.withColumnKind(name, ColumnKind.CATEGORICAL);
        }
        return check;
    }

    /** Compares only these columns (default: every reference column). */
    public DriftCheck withColumns(List<String> names) {
        return new DriftCheck(method, threshold, columnMethods, columnThresholds, columnKinds, names, excluded,
                driftShare, maxBadRows, rule, progress);
    }

    /** Leaves these columns out. */
    public DriftCheck withoutColumns(List<String> names) {
        return new DriftCheck(method, threshold, columnMethods, columnThresholds, columnKinds, columns,
                new LinkedHashSet<>(names), driftShare, maxBadRows, rule, progress);
    }

    /** Share of drifted columns at which the dataset counts as drifted (Evidently's drift_share). */
    public DriftCheck withDriftShare(double share) {
        if (!(share > 0 && share <= 1)) {
            throw MlopsException.input("drift share must be in (0, 1], got " + share, "e.g. 0.5");
        }
        return new DriftCheck(method, threshold, columnMethods, columnThresholds, columnKinds, columns, excluded,
                share, maxBadRows, rule, progress);
    }

    public DriftCheck withMaxBadRows(long max) {
        if (max < 0) {
            throw MlopsException.input(MAX_BAD_ROWS + " must be 0 or more, got " + max, null);
        }
        return new DriftCheck(method, threshold, columnMethods, columnThresholds, columnKinds, columns, excluded,
                driftShare, max, rule, progress);
    }

    /**
     * Decides the dataset verdict by a gate expression over the result's metrics instead of the drift share. The rule
     * states what acceptable data looks like, e.g. {@code drift_share <= 0.3 && psi.amount < 0.25}: when it
     * passes there is no drift; when it fails there is. Metrics: see {@link DriftResult#metrics()}; a
     * {@code <method>.<column>} name is computed for any method that suits the column, not only the one used.
     */
    public DriftCheck withRule(GateExpression r) {
        return new DriftCheck(method, threshold, columnMethods, columnThresholds, columnKinds, columns, excluded,
                driftShare, maxBadRows, r, progress);
    }

    /** Reports progress of each read of a data set (default: none). */
    public DriftCheck withProgress(ReadProgress p) {
        return new DriftCheck(method, threshold, columnMethods, columnThresholds, columnKinds, columns, excluded,
                driftShare, maxBadRows, rule, Objects.requireNonNull(p));
    }

    private static double checkThreshold(double t, String what) {
        if (!Double.isFinite(t) || t < 0) {
            throw MlopsException.input(what + " must be a non-negative number, got " + t, "e.g. 0.05 or 0.1");
        }
        return t;
    }

    /**
     * Checks every option against the inputs' columns, from their headers alone. A front end that reads both inputs
     * calls it once both are open and before either is read, so that a mistake in an option costs no read and writes
     * nothing; {@link #profile} and {@link #compare} check what they can see themselves (the reference alone, or the
     * reference profile and the current header) before they read.
     *
     * @param referenceColumns the reference's header, or the columns of a saved profile
     * @param current          the current data, or null when there is none (a profile is only saved)
     */
    public void checkOptions(List<String> referenceColumns, String referenceName, TabularSource current) {
        requireExcludedExist(referenceColumns, referenceName, current);
        List<String> selected = selected(referenceColumns, referenceName);
        requireFits(current == null ? selected : present(selected, current));
    }

    /** Reads the reference once and summarises the selected columns. */
    public DatasetProfile profile(TabularSource reference, BuildLog log) {
        List<String> selected = selectColumns(reference.header(), reference.name());
        requireFits(selected); // the columns compared later are among these
        List<ColumnKind> kinds = selected.stream().map(columnKinds::get).toList();
        long start = System.nanoTime();
        DatasetProfile profile = DatasetProfiler.profile(reference, "reference", selected, kinds,
                name -> NumericAccumulator.selfGridded(), maxBadRows, progress);
        log.info(String.format(java.util.Locale.ROOT, "drift: read reference %s: %d rows, %d columns in %.1f s",
                reference.name(), profile.rows(), selected.size(), (System.nanoTime() - start) / 1e9));
        warnBadRows(log, "reference", profile);
        ReadInterrupted.throwIfInterrupted();
        return profile;
    }

    private static void warnBadRows(BuildLog log, String role, DatasetProfile profile) {
        long count = profile.badRows().count();
        if (count > 0) {
            log.warn("drift: " + role + " file " + profile.source() + " has " + count + " bad row"
                    + (count == 1 ? "" : "s") + ", skipped; first: " + profile.badRows().examples().stream()
                    .map(Object::toString).collect(java.util.stream.Collectors.joining("; ")));
        }
    }

    /** Reads both datasets once each and compares them. */
    public DriftResult run(TabularSource reference, TabularSource current, BuildLog log) {
        return compare(profile(reference, log), reference, current, log);
    }

    /**
     * Compares current data with a reference profile. KS statistics of binned columns stay bounded when the
     * reference is only a profile holding bins (its values are not at hand to refine them).
     */
    public DriftResult compare(DatasetProfile reference, boolean fromProfile, TabularSource current, BuildLog log) {
        return compare(reference, fromProfile, null, current, log);
    }

    /**
     * Compares current data with the profile just read from {@code referenceData}, which is read again where a KS
     * statistic needs the exact values.
     */
    public DriftResult compare(DatasetProfile reference, TabularSource referenceData, TabularSource current,
                               BuildLog log) {
        return compare(reference, false, Objects.requireNonNull(referenceData), current, log);
    }

    private DriftResult compare(DatasetProfile reference, boolean fromProfile, TabularSource referenceData,
                                TabularSource current, BuildLog log) {
        List<String> wanted = selected(reference.columnNames(), reference.source());
        for (String name : columnKinds.keySet()) {
            reference.column(name).filter(c -> c.kind() != columnKinds.get(name)).ifPresent(c -> {
                throw MlopsException.input("column '" + name + "' is " + c.kind().id() + " in the reference profile "
                        + "but declared " + columnKinds.get(name).id(), "re-create the profile with the declaration");
            });
        }
        List<String> currentHeader = current.header();
        List<String> present = present(wanted, current);
        requireFits(present);
        List<String> missing = wanted.stream().filter(n -> !currentHeader.contains(n)).toList();
        // A column the options leave out is not new: the profile lacks it only because it was left out.
        List<String> added = currentHeader.stream().filter(n -> reference.column(n).isEmpty() && chosen(n)).toList();
        if (!missing.isEmpty()) {
            log.warn("drift: current data " + current.name() + " lacks column(s) " + String.join(", ", missing));
        }
        List<ColumnKind> kinds = present.stream().map(n -> reference.column(n).orElseThrow().kind()).toList();
        Function<String, NumericAccumulator> accumulators = name -> currentAccumulator(reference, name);
        long start = System.nanoTime();
        DatasetProfile cur = DatasetProfiler.profile(current, "current", present, kinds, accumulators, maxBadRows,
                progress);
        log.info(String.format(java.util.Locale.ROOT, "drift: read current %s: %d rows in %.1f s", current.name(),
                cur.rows(), (System.nanoTime() - start) / 1e9));
        warnBadRows(log, "current", cur);

        List<ColumnDrift> results = new ArrayList<>();
        List<DriftResult.Skipped> skipped = new ArrayList<>();
        for (String name : present) {
            ColumnProfile r = reference.column(name).orElseThrow();
            ColumnProfile c = cur.column(name).orElseThrow();
            if (r.count() == 0 || c.count() == 0) {
                String side = r.count() == 0 ? "reference" : "current data";
                skipped.add(new DriftResult.Skipped(name, "no usable values in the " + side));
                continue;
            }
            DriftMethod m = columnMethods.getOrDefault(name, method);
            Double t = columnThresholds.getOrDefault(name, threshold);
            ColumnDrift drift = ColumnComparator.compare(r, c, m, t, columnKinds.containsKey(name));
            if (t != null && m == DriftMethod.AUTO) { // the test is known only now
                requireSuits(drift.method(), t, thresholdOption(name), drift.method().id() + ", which "
                        + methodOption(name) + " chose for column '" + name + "'");
            }
            results.add(drift);
        }
        if (results.isEmpty()) {
            throw MlopsException.input("no column could be compared: " + byReason(skipped), "check the data files");
        }
        results = new KsRefinementPasses(reference, referenceData, cur, current, progress).refine(results, log);
        int drifted = (int) results.stream().filter(ColumnDrift::drifted).count();
        double share = (double) drifted / results.size();
        boolean datasetDrift = share >= driftShare;
        DriftResult result = new DriftResult(
                new DriftResult.Dataset(reference.source(), reference.rows(), reference.badRows(), fromProfile),
                new DriftResult.Dataset(cur.source(), cur.rows(), cur.badRows(), false),
                results, skipped, missing, added, drifted, share, driftShare, datasetDrift, null, null, datasetDrift,
                null);
        if (rule != null) {
            result = applyRule(result, reference, cur);
        }
        for (ColumnDrift c : results) {
            if (c.approximation() != null && !c.approximation().verdictCertain()) {
                log.warn("drift: column '" + c.column() + "' " + c.method().id() + " score " + c.score()
                        + " is near its threshold within the binning bound [" + c.approximation().scoreLow() + ", "
                        + c.approximation().scoreHigh() + "]");
            }
        }
        log.info(result.summary());
        ReadInterrupted.throwIfInterrupted();
        return result;
    }

    /** Each reason once, with its columns: {@code no usable values in the current data (amount, age)}. */
    private static String byReason(List<DriftResult.Skipped> skipped) {
        Map<String, List<String>> columnsByReason = new java.util.LinkedHashMap<>();
        skipped.forEach(s -> columnsByReason.computeIfAbsent(s.reason(), r -> new ArrayList<>()).add(s.column()));
        List<String> parts = new ArrayList<>();
        columnsByReason.forEach((reason, names) -> parts.add(reason + " (" + String.join(", ", names) + ")"));
        return String.join("; ", parts);
    }

    private DriftResult applyRule(DriftResult result, DatasetProfile reference, DatasetProfile current) {
        Map<String, Double> metrics = new java.util.LinkedHashMap<>(result.metrics());
        for (String name : rule.metricNames()) {
            if (metrics.containsKey(name)) {
                continue;
            }
            int dot = name.indexOf('.');
            if (dot < 0) {
                continue;
            }
            String methodId = name.substring(0, dot);
            String column = name.substring(dot + 1);
            boolean compared = result.columns().stream().anyMatch(c -> c.column().equals(column));
            if (RuleMetrics.isMethod(methodId) && compared) {
                ColumnDrift extra = ColumnComparator.compare(reference.column(column).orElseThrow(),
                        current.column(column).orElseThrow(), DriftMethod.parse(methodId), null,
                        columnKinds.containsKey(column));
                metrics.put(name, extra.score());
            }
        }
        GateVerdict verdict = Gate.withDefaults().evaluate(rule, metrics, Optional.empty());
        return new DriftResult(result.reference(), result.current(), result.columns(), result.skipped(),
                result.missingInCurrent(), result.addedInCurrent(), result.driftedCount(), result.driftShare(),
                result.driftShareThreshold(), result.datasetDrift(), rule.text(), verdictJson(verdict), !verdict.passed(),
                null);
    }

    private static Object verdictJson(GateVerdict verdict) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(verdict.toJson());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The columns of the reference data to read: those selected, each with a declared kind in the header. */
    private List<String> selectColumns(List<String> header, String source) {
        for (String name : columnKinds.keySet()) {
            if (!header.contains(name)) {
                throw MlopsException.input("a kind is declared for column '" + name + "', which is not in the "
                        + "reference " + source, "reference columns: " + String.join(", ", header));
            }
        }
        return selected(header, source);
    }

    /** The reference columns that --columns and --exclude leave to compare. */
    private List<String> selected(List<String> referenceColumns, String source) {
        for (String name : columns) {
            if (!referenceColumns.contains(name)) {
                throw MlopsException.input("column '" + name + "' is not in the reference " + source,
                        "reference columns: " + String.join(", ", referenceColumns));
            }
        }
        List<String> selected = referenceColumns.stream().filter(this::chosen).toList();
        if (selected.isEmpty()) {
            throw MlopsException.input("no columns left to compare", "check " + COLUMNS + " and " + EXCLUDE);
        }
        return selected;
    }

    /** Whether --columns (when given) names the column and --exclude does not. */
    private boolean chosen(String name) {
        return (columns.isEmpty() || columns.contains(name)) && !excluded.contains(name);
    }

    /** The selected columns the current data has: those compared. */
    private static List<String> present(List<String> selected, TabularSource current) {
        List<String> present = selected.stream().filter(current.header()::contains).toList();
        if (present.isEmpty()) {
            throw MlopsException.input("current data " + current.name() + " has none of the reference columns",
                    "reference columns: " + String.join(", ", selected));
        }
        return present;
    }

    /**
     * An excluded column must be in one of the inputs. Not only in the reference: a profile saved with
     * {@code --exclude is_fraud} lacks the column that a check of later data, with the same options, excludes again.
     */
    private void requireExcludedExist(List<String> referenceColumns, String referenceName, TabularSource current) {
        for (String name : excluded) {
            if (!referenceColumns.contains(name) && (current == null || !current.header().contains(name))) {
                throw MlopsException.input(EXCLUDE + " names column '" + name + "', which is "
                                + (current == null ? "not in the reference " + referenceName : "in neither the "
                                + "reference " + referenceName + " nor the current data " + current.name()),
                        "reference columns: " + String.join(", ", referenceColumns));
            }
        }
    }

    /** Checks the options that name compared columns, before any data is read. */
    private void requireFits(List<String> compared) {
        requireCompared(columnMethods.keySet(), COLUMN_METHOD, compared);
        requireCompared(columnThresholds.keySet(), COLUMN_THRESHOLD, compared);
        requireThresholdsSuitMethods();
        if (rule != null) {
            RuleMetrics.require(rule, compared);
        }
    }

    private static void requireCompared(Set<String> named, InputName option, List<String> compared) {
        for (String name : new java.util.TreeSet<>(named)) {
            if (!compared.contains(name)) {
                throw MlopsException.input(option + " names column '" + name + "', which is not compared",
                        "compared columns: " + String.join(", ", compared));
            }
        }
    }

    /**
     * Checks each threshold against the test it is compared with, globally and per column. Under auto the test is
     * chosen per column from the data, so that check waits for the comparison.
     */
    private void requireThresholdsSuitMethods() {
        if (threshold != null && method != DriftMethod.AUTO) {
            requireSuits(method, threshold, thresholdOption(null), methodOption(null));
        }
        Set<String> named = new java.util.TreeSet<>(columnMethods.keySet());
        named.addAll(columnThresholds.keySet());
        for (String name : named) {
            DriftMethod m = columnMethods.getOrDefault(name, method);
            Double t = columnThresholds.getOrDefault(name, threshold);
            if (t != null && m != DriftMethod.AUTO) {
                requireSuits(m, t, thresholdOption(name), methodOption(name));
            }
        }
    }

    private static void requireSuits(DriftMethod m, double t, String thresholdOption, String methodOption) {
        if (!m.suits(t)) {
            throw MlopsException.input(thresholdOption + " does not suit " + methodOption + ": " + m.id()
                    + " gives a p-value, so its threshold must be in (0, 1)", "use a p-value threshold such as 0.05 "
                    + "(the default); thresholds of 1 or more suit the distances psi, wasserstein, js, kl and "
                    + "hellinger");
        }
    }

    /** The option that set the threshold of column {@code name} (null: of every column), as the user wrote it. */
    private String thresholdOption(String name) {
        return name != null && columnThresholds.containsKey(name)
                ? COLUMN_THRESHOLD + " " + name + "=" + columnThresholds.get(name) : THRESHOLD + " " + threshold;
    }

    /** The option that set the method of column {@code name} (null: of every column). */
    private String methodOption(String name) {
        return name != null && columnMethods.containsKey(name)
                ? COLUMN_METHOD + " " + name + "=" + columnMethods.get(name).id() : METHOD + " " + method.id();
    }

    /**
     * The current side is counted on the reference's grid when the reference is binned; when the reference is
     * exact and the current outgrows exact storage, the grid comes from both samples.
     */
    private static NumericAccumulator currentAccumulator(DatasetProfile reference, String name) {
        NumericSummary ref = reference.column(name).map(ColumnProfile::numeric).orElse(null);
        if (ref == null) {
            return NumericAccumulator.selfGridded();
        }
        if (ref.bins() != null) {
            return NumericAccumulator.onGrid(ref.bins().grid());
        }
        double[] refValues = ref.sortedValues();
        return new NumericAccumulator(sample -> ColumnComparator.pooledGrid(refValues, sample));
    }
}

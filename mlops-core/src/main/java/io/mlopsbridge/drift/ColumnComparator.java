package io.mlopsbridge.drift;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.profile.ColumnProfile;
import io.mlopsbridge.drift.profile.NumericSummary;
import io.mlopsbridge.drift.profile.BinGrid;
import io.mlopsbridge.drift.stats.ChiSquare;
import io.mlopsbridge.drift.stats.Divergence;
import io.mlopsbridge.drift.stats.KolmogorovSmirnov;
import io.mlopsbridge.drift.stats.NumpyHistogram;
import io.mlopsbridge.drift.stats.ProportionZTest;
import io.mlopsbridge.drift.stats.Wasserstein;
import java.util.ArrayList;
import java.util.List;

/** Compares one column of the reference with the same column of the current data, following Evidently's rules. */
final class ColumnComparator {
    /** Evidently bins numeric columns per distinct value when the reference has at most this many. */
    private static final int PER_VALUE_BIN_LIMIT = 20;
    /** Evidently's floor for the Wasserstein norm. */
    private static final double MIN_NORM = 0.001;
    /** Integer columns with at most this many distinct reference values count as categorical (Evidently). */
    private static final int INTEGER_CARDINALITY_LIMIT = 10;
    private static final int MAX_REPORT_BINS = 40;

    private ColumnComparator() {
    }

    /** What a test produced before the verdict. */
    private record Outcome(double statistic, Double pValue, double score, double low, double high, String basis,
                           String note, ColumnDrift.Histogram histogram) {
        static Outcome exact(double statistic, Double pValue, double score, ColumnDrift.Histogram histogram) {
            return new Outcome(statistic, pValue, score, score, score, null, null, histogram);
        }

        Outcome withNote(String extra) {
            if (extra == null) {
                return this;
            }
            return new Outcome(statistic, pValue, score, low, high, basis, note == null ? extra : note + "; " + extra,
                    histogram);
        }
    }

    static ColumnDrift compare(ColumnProfile ref, ColumnProfile cur, DriftMethod requested, Double thresholdOverride,
                               boolean kindDeclared) {
        ColumnKind kind = ref.kind();
        String note = null;
        KeyedCounts keyed = null;
        NumericSummary rn = ref.numeric();
        NumericSummary cn = cur.numeric();
        if (kind == ColumnKind.NUMERIC && !kindDeclared && rn.integers() && rn.distinct() != null
                && rn.distinct().size() <= INTEGER_CARDINALITY_LIMIT) {
            if (cn.distinct() != null) {
                kind = ColumnKind.CATEGORICAL;
                keyed = KeyedCounts.of(rn.distinct(), cn.distinct(), rn.count(), cn.count());
                note = "integer column with " + rn.distinct().size() + " distinct reference values compared as "
                        + "categorical (Evidently's rule)";
            } else {
                note = "integer column with few reference values but over 1000 current values: compared as numeric";
            }
        }
        if (kind == ColumnKind.CATEGORICAL && keyed == null) {
            keyed = KeyedCounts.of(ref.categorical(), cur.categorical());
        }
        long referenceCount = ref.count();
        DriftMethod method = requested;
        if (method == DriftMethod.AUTO) {
            method = AutoMethod.choose(kind, referenceCount, distinctOverBoth(kind, keyed, rn, cn));
        }
        double threshold = thresholdOverride != null ? thresholdOverride : method.defaultThreshold();
        Outcome outcome = kind == ColumnKind.NUMERIC
                ? numeric(ref.name(), method, rn, cn)
                : categorical(ref.name(), method, keyed);
        outcome = outcome.withNote(note);
        boolean drifted = method.drifted(outcome.score(), threshold);
        ColumnDrift.Approximation approximation = null;
        if (outcome.basis() != null) {
            boolean certain = method.drifted(outcome.low(), threshold) == method.drifted(outcome.high(), threshold);
            approximation = new ColumnDrift.Approximation(outcome.low(), outcome.high(), certain, outcome.basis());
        }
        return new ColumnDrift(ref.name(), kind, method, outcome.statistic(), outcome.pValue(), outcome.score(),
                threshold, method.rule(threshold), drifted, referenceCount, cur.count(), ref.missing(), cur.missing(),
                ref.bad(), cur.bad(), approximation, outcome.note(), outcome.histogram());
    }

    /**
     * The same column with the exact KS statistic found by a refinement pass over the data in place of the binned
     * estimate: the p-value, the verdict and the (now absent) approximation follow from it.
     */
    static ColumnDrift withExactKs(ColumnDrift binned, double d, int passes) {
        double p = KolmogorovSmirnov.pValue(d, binned.referenceCount(), binned.currentCount());
        String refined = "D exact from a refinement pass over the data (" + passes + " pass" + (passes == 1 ? "" : "es")
                + " over the values of the bins where the maximum could lie)";
        return new ColumnDrift(binned.column(), binned.kind(), binned.method(), d, p, p, binned.threshold(),
                binned.rule(), binned.method().drifted(p, binned.threshold()), binned.referenceCount(),
                binned.currentCount(), binned.referenceMissing(), binned.currentMissing(), binned.referenceBad(),
                binned.currentBad(), null, binned.note() == null ? refined : binned.note() + "; " + refined,
                binned.histogram());
    }

    /** The same column with one more sentence in its note. */
    static ColumnDrift withNote(ColumnDrift c, String extra) {
        return new ColumnDrift(c.column(), c.kind(), c.method(), c.statistic(), c.pValue(), c.score(), c.threshold(),
                c.rule(), c.drifted(), c.referenceCount(), c.currentCount(), c.referenceMissing(), c.currentMissing(),
                c.referenceBad(), c.currentBad(), c.approximation(), c.note() == null ? extra : c.note() + "; " + extra,
                c.histogram());
    }

    private static long distinctOverBoth(ColumnKind kind, KeyedCounts keyed, NumericSummary rn, NumericSummary cn) {
        if (kind == ColumnKind.CATEGORICAL) {
            return keyed.pooled() ? Long.MAX_VALUE : keyed.size();
        }
        if (rn.distinct() == null || cn.distinct() == null) {
            return Long.MAX_VALUE;
        }
        return KeyedCounts.of(rn.distinct(), cn.distinct(), rn.count(), cn.count()).size();
    }

    // ---- numeric columns ----

    private static Outcome numeric(String column, DriftMethod method, NumericSummary r, NumericSummary c) {
        boolean exact = r.exact() && c.exact();
        BinnedPair pair = exact ? null : BinnedPair.of(r, c);
        String basis = exact ? null : "counts on " + pair.gridBins + " reference-quantile bins plus geometric tail "
                + "bins (" + pair.slots() + " occupied); bounds take the worst placement of values inside each bin";
        switch (method) {
            case KS -> {
                ColumnDrift.Histogram histogram = numericHistogram(r, c, pair);
                if (exact) {
                    KolmogorovSmirnov.Outcome ks = KolmogorovSmirnov.test(r.sortedValues(), c.sortedValues());
                    return Outcome.exact(ks.statistic(), ks.pValue(), ks.pValue(), histogram);
                }
                BinnedPair.Interval d = pair.ks();
                double p = KolmogorovSmirnov.pValue(d.estimate(), r.count(), c.count());
                double pLow = KolmogorovSmirnov.pValue(d.high(), r.count(), c.count());
                return new Outcome(d.estimate(), p, p, pLow, p, basis + "; D is exact at bin edges and at most "
                        + d.high(), null, histogram);
            }
            case WASSERSTEIN -> {
                double norm = Math.max(r.std(), MIN_NORM);
                ColumnDrift.Histogram histogram = numericHistogram(r, c, pair);
                if (exact) {
                    double w = Wasserstein.distance(r.sortedValues(), c.sortedValues()) / norm;
                    return Outcome.exact(w, null, w, histogram);
                }
                BinnedPair.Interval w = pair.wasserstein();
                return new Outcome(w.estimate() / norm, null, w.estimate() / norm, w.low() / norm, w.high() / norm,
                        basis, null, histogram);
            }
            case PSI, KL, JS -> {
                return binnedDistance(method, evidentlyBins(r, c, pair), basis);
            }
            case HELLINGER -> {
                return numericHellinger(r, c, pair, basis);
            }
            case CHI2, Z -> {
                if (r.distinct() == null || c.distinct() == null) {
                    throw MlopsException.input("column '" + column + "' has more than 1000 distinct values; "
                                    + method.id() + " compares counts per value",
                            "use ks, wasserstein, psi, js, kl or hellinger for this column");
                }
                return categorical(column, method, KeyedCounts.of(r.distinct(), c.distinct(), r.count(), c.count()));
            }
            default -> throw new IllegalStateException("unresolved method " + method);
        }
    }

    /** Reference and current shares on Evidently's bins for PSI, KL and JS, with labels. */
    private record BinnedShares(List<String> labels, Shares reference, Shares current, String note) {
    }

    private static BinnedShares evidentlyBins(NumericSummary r, NumericSummary c, BinnedPair pair) {
        if (r.distinct() != null && r.distinct().size() <= PER_VALUE_BIN_LIMIT && c.distinct() != null) {
            KeyedCounts keyed = KeyedCounts.of(r.distinct(), c.distinct(), r.count(), c.count());
            return new BinnedShares(keyed.keys(), keyed.referenceShares(), keyed.currentShares(), null);
        }
        String note = r.distinct() != null && r.distinct().size() <= PER_VALUE_BIN_LIMIT
                ? "current has over 1000 distinct values: Sturges bins used instead of one bin per value" : null;
        double[] edges = NumpyHistogram.sturgesEdges(Math.min(r.min(), c.min()), Math.max(r.max(), c.max()),
                r.count() + c.count(), r.integers() && c.integers());
        return new BinnedShares(edgeLabels(edges), sharesOn(edges, r, pair, true), sharesOn(edges, c, pair, false),
                note);
    }

    private static Shares sharesOn(double[] edges, NumericSummary s, BinnedPair pair, boolean reference) {
        if (pair == null) {
            return Shares.ofCounts(NumpyHistogram.counts(edges, s.sortedValues()), s.count());
        }
        return pair.shares(edges, reference);
    }

    private static Outcome binnedDistance(DriftMethod method, BinnedShares bins, String basis) {
        Shares p = bins.reference();
        Shares q = bins.current();
        boolean exact = p.isExact() && q.isExact();
        double value;
        double[] bounds;
        switch (method) {
            case PSI -> {
                Shares pf = DivergenceBounds.zeroFilled(p);
                Shares qf = DivergenceBounds.zeroFilled(q);
                value = Divergence.psi(pf.estimate(), qf.estimate());
                bounds = exact ? null : DivergenceBounds.psi(pf, qf);
            }
            case KL -> {
                Shares pf = DivergenceBounds.zeroFilled(p);
                Shares qf = DivergenceBounds.zeroFilled(q);
                value = Divergence.kullbackLeibler(pf.estimate(), qf.estimate());
                bounds = exact ? null : DivergenceBounds.kullbackLeibler(pf, qf);
            }
            case JS -> {
                value = Divergence.jensenShannon(p.estimate(), q.estimate());
                bounds = exact ? null : DivergenceBounds.jensenShannon(p, q);
            }
            default -> throw new IllegalStateException(method.toString());
        }
        ColumnDrift.Histogram histogram = new ColumnDrift.Histogram(bins.labels(), p.estimate(), q.estimate());
        if (exact) {
            return Outcome.exact(value, null, value, histogram).withNote(bins.note());
        }
        return new Outcome(value, null, value, Math.min(value, bounds[0]), Math.max(value, bounds[1]),
                basis + "; Evidently's Sturges bins split the fine bins they cut in proportion to width", bins.note(),
                histogram);
    }

    /**
     * Evidently's numeric Hellinger: Sturges bins over the distinct values of both datasets (their count sets the
     * number of bins), density histograms summed times the nominal bin width.
     */
    private static Outcome numericHellinger(NumericSummary r, NumericSummary c, BinnedPair pair, String basis) {
        long distinct;
        String note = null;
        if (r.distinct() != null && c.distinct() != null) {
            distinct = KeyedCounts.of(r.distinct(), c.distinct(), r.count(), c.count()).size();
        } else if (pair == null) {
            distinct = distinctOfSorted(r.sortedValues(), c.sortedValues());
        } else {
            distinct = r.count() + c.count();
            note = "distinct count above 1000 taken as the row count for Sturges' rule (equal for continuous data)";
        }
        double min = Math.min(r.min(), c.min());
        double max = Math.max(r.max(), c.max());
        double[] edges = NumpyHistogram.sturgesEdges(min, max, distinct, r.integers() && c.integers());
        Shares p = sharesOn(edges, r, pair, true);
        Shares q = sharesOn(edges, c, pair, false);
        int bins = edges.length - 1;
        double nominalWidth = (edges[bins] - edges[0]) / bins;
        double[] factor = new double[bins];
        double bc = 0;
        for (int i = 0; i < bins; i++) {
            double width = edges[i + 1] - edges[i];
            // density_ref · density_cur under the root, times the nominal width, as Evidently sums it
            factor[i] = nominalWidth / width;
            bc += Math.sqrt((p.estimate()[i] / width) * (q.estimate()[i] / width)) * nominalWidth;
        }
        double value = Math.sqrt(1 - Math.min(1, Math.max(0, bc)));
        ColumnDrift.Histogram histogram = new ColumnDrift.Histogram(edgeLabels(edges), p.estimate(), q.estimate());
        if (pair == null) {
            return Outcome.exact(value, null, value, histogram).withNote(note);
        }
        double[] bounds = DivergenceBounds.hellinger(p, q, factor);
        return new Outcome(value, null, value, Math.min(value, bounds[0]), Math.max(value, bounds[1]), basis, note,
                histogram);
    }

    private static long distinctOfSorted(double[] a, double[] b) {
        long count = 0;
        int i = 0;
        int j = 0;
        double last = Double.NaN;
        while (i < a.length || j < b.length) {
            double v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
            if (count == 0 || v != last) {
                count++;
                last = v;
            }
        }
        return count;
    }

    private static ColumnDrift.Histogram numericHistogram(NumericSummary r, NumericSummary c, BinnedPair pair) {
        double min = Math.min(r.min(), c.min());
        double max = Math.max(r.max(), c.max());
        double[] edges = NumpyHistogram.sturgesEdges(min, max, r.count() + c.count(), r.integers() && c.integers());
        if (edges.length - 1 > MAX_REPORT_BINS) {
            edges = NumpyHistogram.sturgesEdges(min, max, 1L << (MAX_REPORT_BINS - 2), false);
        }
        return new ColumnDrift.Histogram(edgeLabels(edges), sharesOn(edges, r, pair, true).estimate(),
                sharesOn(edges, c, pair, false).estimate());
    }

    private static List<String> edgeLabels(double[] edges) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i + 1 < edges.length; i++) {
            labels.add(String.format(java.util.Locale.ROOT, "%.4g – %.4g", edges[i], edges[i + 1]));
        }
        return labels;
    }

    // ---- categorical columns ----

    private static Outcome categorical(String column, DriftMethod method, KeyedCounts keyed) {
        String note = keyed.pooled()
                ? "more than " + io.mlopsbridge.drift.profile.CategoricalAccumulator.CATEGORY_LIMIT
                + " categories: the rest are pooled into one" : null;
        ColumnDrift.Histogram histogram = categoricalHistogram(keyed);
        Shares p = keyed.referenceShares();
        Shares q = keyed.currentShares();
        Outcome outcome = switch (method) {
            case CHI2 -> {
                double[] observed = new double[keyed.size()];
                double[] expected = new double[keyed.size()];
                double scale = (double) keyed.currentTotal() / keyed.referenceTotal();
                for (int i = 0; i < keyed.size(); i++) {
                    observed[i] = keyed.current()[i];
                    expected[i] = keyed.reference()[i] * scale;
                }
                ChiSquare.Outcome chi = ChiSquare.goodnessOfFit(observed, expected);
                yield Outcome.exact(chi.statistic(), chi.pValue(), chi.pValue(), histogram);
            }
            case Z -> {
                long refKinds = keyed.nonZero(keyed.reference());
                long curKinds = keyed.nonZero(keyed.current());
                if (refKinds == 1 && curKinds == 1 && java.util.Arrays.equals(
                        nonZeroMask(keyed.reference()), nonZeroMask(keyed.current()))) {
                    yield Outcome.exact(0, 1.0, 1, histogram);
                }
                // Evidently: the first key (sorted) is 0, every other key is 1.
                long ones1 = keyed.referenceTotal() - keyed.reference()[0];
                long ones2 = keyed.currentTotal() - keyed.current()[0];
                ProportionZTest.Outcome z = ProportionZTest.test(ones1, keyed.referenceTotal(), ones2,
                        keyed.currentTotal());
                yield Outcome.exact(z.statistic(), z.pValue(), z.pValue(), histogram);
            }
            case PSI -> {
                double v = Divergence.psi(Divergence.zeroFilled(p.estimate()), Divergence.zeroFilled(q.estimate()));
                yield Outcome.exact(v, null, v, histogram);
            }
            case KL -> {
                double v = Divergence.kullbackLeibler(Divergence.zeroFilled(p.estimate()),
                        Divergence.zeroFilled(q.estimate()));
                yield Outcome.exact(v, null, v, histogram);
            }
            case JS -> {
                double v = Divergence.jensenShannon(p.estimate(), q.estimate());
                yield Outcome.exact(v, null, v, histogram);
            }
            case HELLINGER -> {
                double v = Divergence.hellinger(p.estimate(), q.estimate());
                yield Outcome.exact(v, null, v, histogram);
            }
            case KS, WASSERSTEIN -> throw MlopsException.input("column '" + column + "' is categorical; "
                            + method.id() + " needs numbers",
                    "use chi2, z, psi, js, kl or hellinger for it, or declare it numeric if its values are numbers");
            default -> throw new IllegalStateException("unresolved method " + method);
        };
        return outcome.withNote(note);
    }

    private static boolean[] nonZeroMask(long[] counts) {
        boolean[] mask = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            mask[i] = counts[i] != 0;
        }
        return mask;
    }

    /** The largest categories by combined share (at most 30), the rest summed into one bar. */
    private static ColumnDrift.Histogram categoricalHistogram(KeyedCounts keyed) {
        int n = keyed.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] combined = new double[n];
        for (int i = 0; i < n; i++) {
            combined[i] = (double) keyed.reference()[i] / keyed.referenceTotal()
                    + (double) keyed.current()[i] / keyed.currentTotal();
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(combined[b], combined[a]));
        int shown = Math.min(n, 30);
        List<String> labels = new ArrayList<>();
        double[] ref = new double[shown + (n > shown ? 1 : 0)];
        double[] cur = new double[ref.length];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            int slot = Math.min(k, shown);
            if (k < shown) {
                labels.add(keyed.keys().get(i));
            }
            ref[slot] += (double) keyed.reference()[i] / keyed.referenceTotal();
            cur[slot] += (double) keyed.current()[i] / keyed.currentTotal();
        }
        if (n > shown) {
            labels.add((n - shown) + " more");
        }
        return new ColumnDrift.Histogram(labels, ref, cur);
    }

    /** Grid used when the reference is small but the current outgrows exact storage: edges from both samples. */
    static BinGrid pooledGrid(double[] referenceSorted, double[] currentSorted) {
        double[] all = new double[referenceSorted.length + currentSorted.length];
        System.arraycopy(referenceSorted, 0, all, 0, referenceSorted.length);
        System.arraycopy(currentSorted, 0, all, referenceSorted.length, currentSorted.length);
        java.util.Arrays.sort(all);
        return BinGrid.fromSortedSample(all);
    }
}

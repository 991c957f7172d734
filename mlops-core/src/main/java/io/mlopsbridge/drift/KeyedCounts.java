package io.mlopsbridge.drift;

import io.mlopsbridge.drift.profile.CategoricalSummary;
import io.mlopsbridge.drift.profile.ValueCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Counts of reference and current per key (category or distinct number) over the union of keys, keys sorted. */
record KeyedCounts(List<String> keys, long[] reference, long[] current, long referenceTotal, long currentTotal,
                   boolean pooled) {

    /** Name of the key that holds categories beyond the category limit. */
    static final String POOLED_KEY = "(other categories)";

    static KeyedCounts of(CategoricalSummary r, CategoricalSummary c) {
        TreeSet<String> keys = new TreeSet<>(r.counts().keySet());
        keys.addAll(c.counts().keySet());
        List<String> list = new ArrayList<>(keys);
        boolean pooled = r.pooled() > 0 || c.pooled() > 0;
        int size = list.size() + (pooled ? 1 : 0);
        long[] ref = new long[size];
        long[] cur = new long[size];
        for (int i = 0; i < list.size(); i++) {
            ref[i] = r.countOf(list.get(i));
            cur[i] = c.countOf(list.get(i));
        }
        if (pooled) {
            list.add(POOLED_KEY);
            ref[size - 1] = r.pooled();
            cur[size - 1] = c.pooled();
        }
        return new KeyedCounts(List.copyOf(list), ref, cur, r.count(), c.count(), pooled);
    }

    /** Distinct numeric values as keys, in numeric order. */
    static KeyedCounts of(ValueCounts r, ValueCounts c, long referenceTotal, long currentTotal) {
        TreeSet<Double> keys = new TreeSet<>();
        for (double v : r.values()) {
            keys.add(v);
        }
        for (double v : c.values()) {
            keys.add(v);
        }
        List<String> labels = new ArrayList<>();
        long[] ref = new long[keys.size()];
        long[] cur = new long[keys.size()];
        int i = 0;
        for (double key : keys) {
            labels.add(format(key));
            ref[i] = r.countOf(key);
            cur[i] = c.countOf(key);
            i++;
        }
        return new KeyedCounts(List.copyOf(labels), ref, cur, referenceTotal, currentTotal, false);
    }

    /** A number as a label: integers without ".0". */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    int size() {
        return keys.size();
    }

    Shares referenceShares() {
        return Shares.ofCounts(reference, referenceTotal);
    }

    Shares currentShares() {
        return Shares.ofCounts(current, currentTotal);
    }

    long nonZero(long[] counts) {
        long n = 0;
        for (long c : counts) {
            if (c != 0) {
                n++;
            }
        }
        return n;
    }
}

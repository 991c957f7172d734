package io.mlopsbridge.drift.stats;

import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * Two-sample Kolmogorov–Smirnov test with scipy's {@code ks_2samp(..., method='auto')} p-values.
 *
 * <p>Apache Commons Statistics computes the statistic (tie-aware) and both the exact and the asymptotic p-value.
 * Its own AUTO mode switches to the asymptotic formula when the larger sample has 10 000 values
 * ({@code max(n, m) < 10000}), one sample earlier than scipy ({@code max(n, m) <= 10000}), so the method is chosen
 * here.
 */
public final class KolmogorovSmirnov {
    /** scipy's {@code MAX_AUTO_N}: exact p-values while the larger sample has at most this many values. */
    public static final int MAX_EXACT_N = 10_000;

    /**
     * Largest effective sample size {@code round(n·m/(n+m))} for which {@link #pValue} evaluates scipy's
     * {@code kstwo.sf} through Commons Statistics (Durbin's matrix and Pelz–Good, as scipy); above it
     * {@link KolmogorovDistribution} evaluates scipy's large-n branches with constant memory.
     */
    public static final int MAX_EXACT_EFFECTIVE_N = 100_000;

    private static final KolmogorovSmirnovTest EXACT = KolmogorovSmirnovTest.withDefaults().with(PValueMethod.EXACT);
    private static final KolmogorovSmirnovTest ASYMPTOTIC =
            KolmogorovSmirnovTest.withDefaults().with(PValueMethod.ASYMPTOTIC);

    private KolmogorovSmirnov() {
    }

    /** The statistic D and its p-value. */
    public record Outcome(double statistic, double pValue) {
    }

    /** Exact test on two raw samples (any order; NaN not allowed). Samples of one value are padded as scipy does. */
    public static Outcome test(double[] reference, double[] current) {
        if (reference.length == 0 || current.length == 0) {
            throw new IllegalArgumentException("both samples need at least one value");
        }
        if (reference.length == 1 || current.length == 1) {
            return testTiny(reference, current);
        }
        KolmogorovSmirnovTest test = Math.max(reference.length, current.length) <= MAX_EXACT_N ? EXACT : ASYMPTOTIC;
        KolmogorovSmirnovTest.TwoResult result = test.test(reference, current);
        return new Outcome(result.getStatistic(), result.getPValue());
    }

    /**
     * The p-value scipy's {@code method='auto'} gives a statistic {@code d} of two samples of sizes n and m whose
     * larger one exceeds {@link #MAX_EXACT_N}: {@code kstwo.sf(d, round(n·m/(n+m)))}.
     */
    public static double pValue(double d, long n, long m) {
        if (Math.max(n, m) <= MAX_EXACT_N) {
            throw new IllegalArgumentException("exact p-values need the raw samples (max(n, m) <= " + MAX_EXACT_N + ")");
        }
        double big = Math.max(n, m);
        double small = Math.min(n, m);
        // numpy's round() rounds halves to even, as Math.rint does.
        long effective = (long) Math.rint(big * small / (big + small));
        if (d <= 0) {
            return 1;
        }
        if (effective <= MAX_EXACT_EFFECTIVE_N) {
            return oneSampleSurvival(d, (int) effective);
        }
        return KolmogorovDistribution.survival(d, effective);
    }

    /**
     * Commons Statistics evaluates {@code kstwo.sf(d, N)} only inside its one-sample test, where N is the sample
     * length. So we give it N points {@code 0..N-1} and a made-up CDF under which the largest gap is exactly d:
     * the first point sits at d (gap d - 0/N), every other point halfway between its two steps (gaps 1/(2N)).
     */
    private static double oneSampleSurvival(double d, int effective) {
        double nd = effective;
        if (d * nd <= 0.5) {
            return 1; // kstwo.sf is exactly 1 for d <= 1/(2N)
        }
        double[] points = new double[effective];
        for (int i = 0; i < effective; i++) {
            points[i] = i;
        }
        return EXACT.test(points, x -> x == 0 ? d : (x + 0.5) / nd).getPValue();
    }

    /**
     * The largest |F_x − F_y| over the pooled points of two sorted stretches of samples, where {@code xBefore} and
     * {@code yBefore} values of the samples (of {@code xTotal} and {@code yTotal} in all) lie below the stretch; ties
     * are counted as scipy counts them (both CDFs step at once).
     */
    public static double largestGap(double[] x, double[] y, long xBefore, long yBefore, long xTotal, long yTotal) {
        double d = 0;
        long a = xBefore;
        long b = yBefore;
        int i = 0;
        int j = 0;
        while (i < x.length || j < y.length) {
            double v = i < x.length && (j >= y.length || x[i] <= y[j]) ? x[i] : y[j];
            while (i < x.length && x[i] == v) {
                i++;
                a++;
            }
            while (j < y.length && y[j] == v) {
                j++;
                b++;
            }
            d = Math.max(d, Math.abs((double) a / xTotal - (double) b / yTotal));
        }
        return d;
    }

    /** Commons Statistics needs two values per sample; with one value the exact answer is simple. */
    private static Outcome testTiny(double[] reference, double[] current) {
        // D = max |F1 - F2| over the pooled points, p by scipy's exact rule for n or m == 1.
        double[] x = reference.clone();
        double[] y = current.clone();
        java.util.Arrays.sort(x);
        java.util.Arrays.sort(y);
        double d = largestGap(x, y, 0, 0, x.length, y.length);
        int n = x.length;
        int m = y.length;
        int big = Math.max(n, m);
        // With one sample of size 1, D takes values k/big; h = round(d * lcm) with lcm = big.
        long h = Math.round(d * big);
        if (h == 0) {
            return new Outcome(d, 1);
        }
        // P(D >= h/big) for (1, big): the single point falls in one of big+1 slots; D = max(r, big - r)/big.
        int count = 0;
        for (int r = 0; r <= big; r++) {
            if (Math.max(r, big - r) >= h) {
                count++;
            }
        }
        return new Outcome(d, (double) count / (big + 1));
    }
}

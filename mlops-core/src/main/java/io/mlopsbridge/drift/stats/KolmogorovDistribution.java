package io.mlopsbridge.drift.stats;

import org.apache.commons.numbers.gamma.LogGamma;

/**
 * Survival function of the one-sample two-sided Kolmogorov statistic D_n for large n, as scipy's
 * {@code kstwo.sf(d, n)} computes it for n above 100 000 ({@code scipy/stats/_ksstats.py::_kolmogn}, which follows
 * Simard & L'Ecuyer, "Computing the Two-Sided Kolmogorov-Smirnov Distribution", J. Stat. Software 39(11), 2011):
 * <ul>
 *   <li>{@code n·d <= 1}: Ruben–Gambino's exact formula for {@code 1/(2n) <= d <= 1/n};</li>
 *   <li>{@code n·d >= n-1}: {@code 2(1-d)^n};</li>
 *   <li>{@code d >= 0.5} or {@code n·d² >= 2.2}: twice the one-sided Smirnov tail (exact Birnbaum–Tingey sum while
 *       n <= 10^6, scipy's {@code exp(-(6nd+1)²/(18n))} above), 0 from {@code n·d² >= 370};</li>
 *   <li>otherwise 1 minus Pelz and Good's (1976) four-term expansion of the CDF.</li>
 * </ul>
 * Each branch evaluates the same formula as scipy, so results agree to rounding (the golden test asks for 1e-9
 * relative). Memory is constant in n.
 */
public final class KolmogorovDistribution {
    /** Below this size scipy uses other algorithms (Durbin's matrix); callers use Commons Statistics there. */
    public static final long MIN_N = 100_001;
    /** Above this size scipy's Smirnov tail switches from the exact sum to an approximation. */
    static final long SMIRNOV_MAX_EXACT_N = 1_000_000;

    private static final double PI2 = Math.PI * Math.PI;
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    /** exp() of anything below this is 0 in double precision (scipy's _MIN_LOG). */
    private static final double MIN_LOG = -708;
    /** scipy's Smirnov returns 0 once {@code -2n·d²} is below cephes' MINLOG. */
    private static final double CEPHES_MINLOG = -7.451332191019412076235e2;

    private KolmogorovDistribution() {
    }

    /** {@code P(D_n > d)} for n >= {@link #MIN_N}. */
    public static double survival(double d, long n) {
        if (n < MIN_N) {
            throw new IllegalArgumentException("n must be at least " + MIN_N + ", got " + n);
        }
        if (d >= 1) {
            return 0;
        }
        if (d <= 0) {
            return 1;
        }
        double t = n * d;
        if (t <= 1) {
            if (t <= 0.5) {
                return 1;
            }
            // Ruben–Gambino: P(D_n <= d) = n!/n^n · (2nd - 1)^n on [1/(2n), 1/n].
            double cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
            return clip(1 - cdf);
        }
        if (t >= n - 1) {
            return clip(2 * Math.pow(1 - d, n));
        }
        double ndSquared = t * d;
        if (d >= 0.5 || ndSquared >= 2.2) {
            if (ndSquared >= 370 && d < 0.5) {
                return 0;
            }
            return clip(2 * smirnovSurvival(n, d));
        }
        return clip(1 - pelzGoodCdf(n, d));
    }

    /** {@code log(n! / n^n)} by Stirling's series with the n·log(n) removed first (no cancellation). */
    private static double logFactorialOverPower(long n) {
        double rn = 1.0 / n;
        return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + rn / 12 - rn * rn * rn / 360;
    }

    /**
     * One-sided Smirnov tail {@code P(D+_n > d)} by Birnbaum and Tingey's sum
     * {@code d·Σ_{v < n(1-d)} C(n,v)·(d + v/n)^(v-1)·(1 - d - v/n)^(n-v)}, every term positive; terms are summed in
     * log space with a running scale, so tails down to double's smallest normal keep their digits.
     */
    static double smirnovSurvival(long n, double d) {
        if (d <= 0) {
            return 1;
        }
        if (d >= 1) {
            return 0;
        }
        if (n * d <= 1) {
            return 1 - d * Math.pow(1 + d, n - 1);
        }
        if (-2 * n * d * d < CEPHES_MINLOG) {
            return 0;
        }
        if (n * d >= n - 1) {
            return Math.pow(1 - d, n);
        }
        if (n > SMIRNOV_MAX_EXACT_N) {
            double base = 6.0 * n * d + 1;
            double logp = -base * base / 18.0 / n;
            // scipy keeps the digits of the smaller of sf and cdf: sf = exp(logp), or 1 - (-expm1(logp)).
            return logp < -Math.log(2) ? Math.exp(logp) : 1 + Math.expm1(logp);
        }
        // n·d as an exact sum of two doubles, so that 1 - d - v/n = ((n - v) - n·d)/n keeps its digits near the end of
        // the sum, where it is tiny and its terms are largest.
        double ndHigh = n * d;
        double ndLow = Math.fma((double) n, d, -ndHigh);
        double logN = Math.log((double) n);
        // log C(n, v) from log-gamma for every term: updating it term by term drifts by 1e-8 over 10^6 terms.
        double logFactorialN = LogGamma.value(n + 1.0);
        double scale = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (long v = 0; ; v++) {
            double below = ((n - v) - ndHigh) - ndLow; // n·(1 - d - v/n)
            if (below <= 0) {
                break;
            }
            double above = (v + ndHigh) + ndLow; // n·(d + v/n)
            double logBinomial = logFactorialN - LogGamma.value(v + 1.0) - LogGamma.value(n - v + 1.0);
            double logTerm = logBinomial + (n - v) * (Math.log(below) - logN) + (v - 1) * (Math.log(above) - logN);
            if (logTerm > scale) {
                sum = sum * Math.exp(scale - logTerm) + 1;
                scale = logTerm;
            } else {
                double term = Math.exp(logTerm - scale);
                sum += term;
                // Terms fall steadily past their peak: stop once the rest cannot reach the last digit.
                if (term * 4 * (n - v) < Math.ulp(1.0) * sum) {
                    break;
                }
            }
        }
        return d * sum * Math.exp(scale);
    }

    /**
     * Pelz and Good's approximation of {@code P(D_n <= d)}: Li-Chien and Korolyuk's expansion
     * {@code K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5}, z = d√n, with each K written through Jacobi theta functions
     * so that it converges fast for small z.
     */
    static double pelzGoodCdf(long n, double d) {
        double z = Math.sqrt((double) n) * d;
        double z2 = z * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double logQ = -PI2 / 8 / z2;
        if (logQ < MIN_LOG) {
            return 0;
        }
        double pi4 = PI2 * PI2;
        double pi6 = pi4 * PI2;
        double k1a = -z2;
        double k1b = PI2 / 4;
        double k2a = 6 * z6 + 2 * z4;
        double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
        double k2c = pi4 * (1 - 2 * z2) / 16;
        double k3a = -30 * z6 - 90 * z6 * z2;
        double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
        double k3c = pi4 * (-60 * z2 + 212 * z4) / 16;
        double k3d = pi6 * (5 - 30 * z2) / 64;
        int terms = (int) Math.ceil(16 * z / Math.PI);
        double[] k = new double[4];
        // Σ over odd m = 2j-1 of c(m)·q^(m²), largest j first so small terms are added before big ones.
        for (int j = terms; j >= 1; j--) {
            double m2 = (2.0 * j - 1) * (2.0 * j - 1);
            double weight = Math.exp(logQ * m2);
            k[0] += weight;
            k[1] += (k1a + k1b * m2) * weight;
            k[2] += (k2a + k2b * m2 + k2c * m2 * m2) * weight;
            k[3] += (k3a + k3b * m2 + k3c * m2 * m2 + k3d * m2 * m2 * m2) * weight;
        }
        k[0] *= SQRT_2PI / z;
        k[1] *= SQRT_2PI / (6 * z4);
        k[2] *= SQRT_2PI / (72 * z6 * z);
        k[3] *= SQRT_2PI / (6480 * z6 * z4);
        // The second sums of K2 and K3 run over all integers j with q' = exp(-π²/(2z²)).
        double logQ2 = -PI2 / 2 / z2;
        double extra2 = 0;
        double extra3 = 0;
        for (int j = terms; j >= 1; j--) {
            double j2 = (double) j * j;
            double weight = j2 * Math.exp(logQ2 * j2);
            extra2 += weight;
            extra3 += (3 * z2 - PI2 * j2) * weight;
        }
        k[2] += extra2 * PI2 * SQRT_2PI / (-36 * z2 * z);
        k[3] += extra3 * PI2 * SQRT_2PI / (216 * z6);
        double rootN = Math.sqrt((double) n);
        return k[0] + k[1] / rootN + k[2] / n + k[3] / (n * rootN);
    }

    private static double clip(double p) {
        return Math.min(1, Math.max(0, p));
    }
}

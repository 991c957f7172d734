package io.mlopsbridge.drift.stats;

/**
 * Distances between two discrete distributions given as shares per bin (same bins, same order), with the exact
 * definitions Evidently uses (natural logarithms throughout).
 */
public final class Divergence {
    private Divergence() {
    }

    /** Population stability index Σ (p − q)·ln(p/q); shares must be positive (apply {@link #zeroFilled} first). */
    public static double psi(double[] p, double[] q) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += psiTerm(p[i], q[i]);
        }
        return sum;
    }

    static double psiTerm(double p, double q) {
        return (p - q) * Math.log(p / q);
    }

    /** KL(p‖q) after renormalising both to sum 1, as scipy.stats.entropy(p, q). */
    public static double kullbackLeibler(double[] p, double[] q) {
        double sp = sum(p);
        double sq = sum(q);
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            total += klTerm(p[i] / sp, q[i] / sq);
        }
        return total;
    }

    static double klTerm(double p, double q) {
        if (p == 0) {
            return 0;
        }
        return q == 0 ? Double.POSITIVE_INFINITY : p * Math.log(p / q);
    }

    /** Jensen–Shannon distance (square root of the divergence), as scipy.spatial.distance.jensenshannon. */
    public static double jensenShannon(double[] p, double[] q) {
        double sp = sum(p);
        double sq = sum(q);
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            total += jsTerm(p[i] / sp, q[i] / sq);
        }
        return Math.sqrt(Math.max(0, total / 2));
    }

    /** rel_entr(p, m) + rel_entr(q, m) with m = (p + q)/2. */
    static double jsTerm(double p, double q) {
        double m = (p + q) / 2;
        double a = p == 0 ? 0 : p * Math.log(p / m);
        double b = q == 0 ? 0 : q * Math.log(q / m);
        return a + b;
    }

    /** Hellinger distance √(1 − Σ√(p·q)), the Bhattacharyya sum clipped to [0, 1] as Evidently does. */
    public static double hellinger(double[] p, double[] q) {
        double bc = 0;
        for (int i = 0; i < p.length; i++) {
            bc += Math.sqrt(p[i] * q[i]);
        }
        return Math.sqrt(1 - Math.min(1, Math.max(0, bc)));
    }

    /**
     * Evidently's zero filling for PSI and KL: empty bins get the smallest non-zero share divided by 10⁶ when that
     * share is at most 10⁻⁴, else 10⁻⁴. The shares are not renormalised afterwards.
     */
    public static double[] zeroFilled(double[] shares) {
        double fill = fillValue(shares);
        double[] filled = shares.clone();
        for (int i = 0; i < filled.length; i++) {
            if (filled[i] == 0) {
                filled[i] = fill;
            }
        }
        return filled;
    }

    /** The value {@link #zeroFilled} puts in empty bins. */
    public static double fillValue(double[] shares) {
        double smallest = Double.POSITIVE_INFINITY;
        for (double s : shares) {
            if (s != 0 && s < smallest) {
                smallest = s;
            }
        }
        return smallest <= 1e-4 ? smallest / 1e6 : 1e-4;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}

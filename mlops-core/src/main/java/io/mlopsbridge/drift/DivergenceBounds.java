package io.mlopsbridge.drift;

import io.mlopsbridge.drift.stats.Divergence;
import java.util.function.DoubleBinaryOperator;

/**
 * Interval versions of the binned distances, for shares known only within intervals. Each per-bin term of PSI,
 * Jensen–Shannon and KL is jointly convex in (p, q); PSI and JS terms are also zero on p = q and grow away from
 * it, so their extremes over a box of (p, q) sit at the corners nearest to and farthest from the diagonal.
 * The resulting bounds ignore only the renormalisation scipy applies to shares that already sum to 1.
 */
final class DivergenceBounds {
    private DivergenceBounds() {
    }

    /** [low, high] of Σ term(p, q) for terms that are 0 on the diagonal and grow away from it. */
    static double[] diagonalConvex(Shares p, Shares q, DoubleBinaryOperator term) {
        double low = 0;
        double high = 0;
        for (int i = 0; i < p.estimate().length; i++) {
            double pl = p.low()[i];
            double ph = p.high()[i];
            double ql = q.low()[i];
            double qh = q.high()[i];
            double min;
            if (pl >= qh) {
                min = term.applyAsDouble(pl, qh);
            } else if (ql >= ph) {
                min = term.applyAsDouble(ph, ql);
            } else {
                min = 0;
            }
            low += min;
            high += Math.max(term.applyAsDouble(ph, ql), term.applyAsDouble(pl, qh));
        }
        return new double[] {low, high};
    }

    static double[] psi(Shares p, Shares q) {
        return diagonalConvex(p, q, (a, b) -> (a - b) * Math.log(a / b));
    }

    static double[] jensenShannon(Shares p, Shares q) {
        double[] sum = diagonalConvex(p, q, DivergenceBounds::jsTerm);
        return new double[] {Math.sqrt(sum[0] / 2), Math.sqrt(sum[1] / 2)};
    }

    private static double jsTerm(double p, double q) {
        double m = (p + q) / 2;
        return (p == 0 ? 0 : p * Math.log(p / m)) + (q == 0 ? 0 : q * Math.log(q / m));
    }

    /** KL term p·ln(p/q) falls with q and is convex in p with its minimum at p = q/e. */
    static double[] kullbackLeibler(Shares p, Shares q) {
        double low = 0;
        double high = 0;
        for (int i = 0; i < p.estimate().length; i++) {
            double pl = p.low()[i];
            double ph = p.high()[i];
            double ql = q.low()[i];
            double qh = q.high()[i];
            double pStar = Math.min(ph, Math.max(pl, qh / Math.E));
            low += kl(pStar, qh);
            high += Math.max(kl(pl, ql), kl(ph, ql));
        }
        return new double[] {low, high};
    }

    private static double kl(double p, double q) {
        if (p == 0) {
            return 0;
        }
        return q == 0 ? Double.POSITIVE_INFINITY : p * Math.log(p / q);
    }

    /** Hellinger √(1 − Σ√(p·q)·factor) where each term grows with p and q. */
    static double[] hellinger(Shares p, Shares q, double[] factor) {
        double bcLow = 0;
        double bcHigh = 0;
        for (int i = 0; i < p.estimate().length; i++) {
            bcLow += Math.sqrt(p.low()[i] * q.low()[i]) * factor[i];
            bcHigh += Math.sqrt(p.high()[i] * q.high()[i]) * factor[i];
        }
        return new double[] {Math.sqrt(1 - clip(bcHigh)), Math.sqrt(1 - clip(bcLow))};
    }

    private static double clip(double v) {
        return Math.min(1, Math.max(0, v));
    }

    /**
     * Zero filling as Evidently (on the estimate); the bounds use the same fill for bins whose lower bound is 0,
     * so an empty bin contributes what it would with exact data.
     */
    static Shares zeroFilled(Shares s) {
        double[] estimate = Divergence.zeroFilled(s.estimate());
        if (s.isExact()) {
            return Shares.exact(estimate);
        }
        double fill = Divergence.fillValue(s.estimate());
        double[] low = s.low().clone();
        double[] high = s.high().clone();
        for (int i = 0; i < low.length; i++) {
            if (high[i] == 0) {
                high[i] = fill;
            }
            if (low[i] == 0) {
                low[i] = Math.min(fill, high[i]);
            }
        }
        return new Shares(estimate, low, high);
    }
}

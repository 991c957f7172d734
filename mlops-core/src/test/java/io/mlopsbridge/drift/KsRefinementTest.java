package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mlopsbridge.drift.profile.NumericAccumulator;
import io.mlopsbridge.drift.profile.NumericSummary;
import io.mlopsbridge.drift.stats.KolmogorovSmirnov;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The refinement passes find the exact KS statistic of binned columns, also when few values may be kept per pass. */
class KsRefinementTest {

    private static NumericSummary binned(double[] values, NumericAccumulator accumulator) {
        accumulator.addAll(values, values.length, false);
        NumericSummary summary = accumulator.finish();
        assertThat(summary.exact()).isFalse();
        return summary;
    }

    /** Reference and current counted as a check counts them: the current on the reference's grid. */
    private static BinnedPair pair(double[] reference, double[] current) {
        NumericSummary r = binned(reference, NumericAccumulator.selfGridded());
        return BinnedPair.of(r, binned(current, NumericAccumulator.onGrid(r.bins().grid())));
    }

    private static double[] amounts(int n, long seed, double shift, double step) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double v = Math.exp(7 + shift + random.nextGaussian() * 0.4);
            values[i] = step > 0 ? Math.floor(v / step) * step : v;
        }
        return values;
    }

    private static KsRefinement refine(double[] reference, double[] current, int collectLimit) {
        KsRefinement refinement = KsRefinement.of(pair(reference, current), collectLimit);
        while (refinement.mayContinue()) {
            refinement.beginPass();
            refinement.accept(false, current, current.length);
            refinement.accept(true, reference, reference.length);
            refinement.endPass();
        }
        return refinement;
    }

    @Test
    void onePassKeepingTheCandidateValuesGivesTheExactStatistic() {
        double[] reference = amounts(150_000, 1, 0, 0);
        double[] current = amounts(120_000, 2, 0.01, 0);
        KsRefinement refinement = refine(reference, current, KsRefinement.COLLECT_LIMIT);
        assertThat(refinement.done()).isTrue();
        assertThat(refinement.passes()).isEqualTo(1);
        assertThat(refinement.statistic()).isCloseTo(KolmogorovSmirnov.test(reference, current).statistic(), within(1e-15));
    }

    @Test
    void subBinPassesAloneReachTheExactStatisticWhenNoValuesMayBeKept() {
        double[] reference = amounts(150_000, 3, 0, 0);
        double[] current = amounts(130_000, 4, 0.004, 0);
        KsRefinement refinement = refine(reference, current, 0);
        assertThat(refinement.done()).isTrue();
        assertThat(refinement.statistic()).isCloseTo(KolmogorovSmirnov.test(reference, current).statistic(), within(1e-15));
    }

    @Test
    void heavilyTiedValuesEndInSingleValueSubBins() {
        double[] reference = amounts(150_000, 5, 0, 25);
        double[] current = amounts(110_000, 6, 0.02, 25);
        KsRefinement refinement = refine(reference, current, 2);
        assertThat(refinement.done()).isTrue();
        assertThat(refinement.statistic()).isCloseTo(KolmogorovSmirnov.test(reference, current).statistic(), within(1e-15));
    }

    @Test
    void aFileThatChangedBetweenReadsIsDetected() {
        double[] reference = amounts(150_000, 7, 0, 0);
        double[] current = amounts(120_000, 8, 0.01, 0);
        KsRefinement refinement = KsRefinement.of(pair(reference, current));
        refinement.beginPass();
        refinement.accept(false, current, current.length / 2);
        refinement.accept(true, reference, reference.length);
        org.assertj.core.api.Assertions.assertThatThrownBy(refinement::endPass)
                .isInstanceOf(KsRefinement.ConcurrentInputChange.class);
    }
}

package io.mlopsbridge.drift.stats;

import static io.mlopsbridge.drift.stats.KolmogorovSmirnovGoldenTest.assertRelative;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** scipy docstring examples (values printed by src/test/python/drift_golden.py with scipy 1.17.1) and hand-checked PSI. */
class StatTestGoldenTest {

    @Test
    void wassersteinMatchesScipyDocstringExamples() {
        assertThat(Wasserstein.distance(new double[] {0, 1, 3}, new double[] {5, 6, 8})).isEqualTo(5.0);
        assertThat(Wasserstein.distance(new double[] {0, 1}, new double[] {3, 1}, new double[] {0, 1},
                new double[] {2, 2})).isCloseTo(0.25, within(1e-15));
        assertRelative(Wasserstein.distance(new double[] {3.4, 3.9, 7.5, 7.8}, new double[] {1.4, 0.9, 3.1, 7.2},
                new double[] {4.5, 1.4}, new double[] {3.2, 3.5}), 4.078133143804785);
    }

    @Test
    void jensenShannonMatchesScipyDocstringExamples() {
        assertRelative(Divergence.jensenShannon(new double[] {1, 0}, new double[] {0.5, 0.5}), 0.464501404022459);
        assertRelative(Divergence.jensenShannon(new double[] {1, 0}, new double[] {0, 1}), 0.8325546111576977);
    }

    @Test
    void chiSquareMatchesScipyDocstringExamples() {
        ChiSquare.Outcome uniform = ChiSquare.goodnessOfFit(new double[] {16, 18, 16, 14, 12, 12},
                new double[] {88.0 / 6, 88.0 / 6, 88.0 / 6, 88.0 / 6, 88.0 / 6, 88.0 / 6});
        assertThat(uniform.statistic()).isCloseTo(2.0, within(1e-12));
        assertRelative(uniform.pValue(), 0.8491450360846096);
        ChiSquare.Outcome skewed = ChiSquare.goodnessOfFit(new double[] {16, 18, 16, 14, 12, 12},
                new double[] {16, 16, 16, 16, 16, 8});
        assertThat(skewed.statistic()).isCloseTo(3.5, within(1e-12));
        assertRelative(skewed.pValue(), 0.6233876277495822);
    }

    @Test
    void chiSquareWithACategoryTheReferenceNeverHadIsCertainDrift() {
        ChiSquare.Outcome outcome = ChiSquare.goodnessOfFit(new double[] {5, 5, 1}, new double[] {5.5, 5.5, 0});
        assertThat(outcome.statistic()).isInfinite();
        assertThat(outcome.pValue()).isZero();
    }

    @Test
    void klDivergenceRenormalisesLikeScipyEntropy() {
        assertRelative(Divergence.kullbackLeibler(new double[] {0.2, 0.5, 0.3}, new double[] {0.1, 0.6, 0.3}),
                0.047468657715011756);
        assertRelative(Divergence.kullbackLeibler(new double[] {2, 5, 3}, new double[] {1, 6, 3}), 0.047468657715011756);
    }

    @Test
    void psiOfAHandCheckableTwoBinCase() {
        // (0.5-0.25)·ln(0.5/0.25) + (0.5-0.75)·ln(0.5/0.75) = 0.25·ln 2 + 0.25·ln 1.5
        double expected = 0.25 * Math.log(2) + 0.25 * Math.log(1.5);
        assertThat(Divergence.psi(new double[] {0.5, 0.5}, new double[] {0.25, 0.75})).isCloseTo(expected, within(1e-15));
    }

    @Test
    void psiIsZeroForIdenticalSharesAndSymmetric() {
        double[] p = {0.1, 0.2, 0.3, 0.4};
        double[] q = {0.25, 0.25, 0.25, 0.25};
        assertThat(Divergence.psi(p, p)).isZero();
        assertThat(Divergence.psi(p, q)).isCloseTo(Divergence.psi(q, p), within(1e-15));
    }

    @Test
    void zeroFillingFollowsEvidently() {
        assertThat(Divergence.zeroFilled(new double[] {0.5, 0.5, 0})).containsExactly(0.5, 0.5, 1e-4);
        assertThat(Divergence.zeroFilled(new double[] {0.99995, 0.00005, 0})).containsExactly(0.99995, 0.00005, 0.00005 / 1e6);
    }

    @Test
    void hellingerOfDisjointDistributionsIsOne() {
        assertThat(Divergence.hellinger(new double[] {1, 0}, new double[] {0, 1})).isEqualTo(1.0);
        assertThat(Divergence.hellinger(new double[] {0.3, 0.7}, new double[] {0.3, 0.7})).isCloseTo(0, within(1e-7));
    }

    @Test
    void sturgesEdgesMatchNumpy() {
        assertThat(NumpyHistogram.sturgesEdges(1, 8, 8, true)).containsExactly(1.0, 2.75, 4.5, 6.25, 8.0);
        assertThat(NumpyHistogram.sturgesEdges(0, 1, 1000, false)).hasSize(12);
        assertThat(NumpyHistogram.sturgesEdges(3, 3, 10, false)).containsExactly(2.5, 3.5);
    }

    @Test
    void histogramBinsAreHalfOpenExceptTheLast() {
        double[] edges = {0, 1, 2};
        assertThat(NumpyHistogram.binOf(edges, 0)).isZero();
        assertThat(NumpyHistogram.binOf(edges, 1)).isEqualTo(1);
        assertThat(NumpyHistogram.binOf(edges, 2)).isEqualTo(1);
        assertThat(NumpyHistogram.binOf(edges, 2.5)).isEqualTo(-1);
    }

    @Test
    void zTestOfEqualProportionsHasPOne() {
        ProportionZTest.Outcome outcome = ProportionZTest.test(30, 100, 60, 200);
        assertThat(outcome.statistic()).isCloseTo(0, within(1e-12));
        assertThat(outcome.pValue()).isCloseTo(1, within(1e-12));
    }

    @Test
    void zTestMatchesTheTextbookFormula() {
        // p1 = 0.3, p2 = 0.5, pooled 0.4, z = -0.2/sqrt(0.24·(1/100+1/100)) = -2.8867513459481287
        ProportionZTest.Outcome outcome = ProportionZTest.test(30, 100, 50, 100);
        assertThat(outcome.statistic()).isCloseTo(-2.8867513459481287, within(1e-12));
        assertThat(outcome.pValue()).isCloseTo(0.003892417122778637, within(1e-12));
    }
}

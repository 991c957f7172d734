package io.mlopsbridge.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/**
 * scipy's own ks_2samp test vectors (scipy/stats/tests/test_stats.py, class TestKSTwoSamples, two-sided, default
 * method 'auto'), built with the same float arithmetic as the scipy test, reproduced to 1e-12 relative.
 * Expected values are what scipy 1.17.1 returns for them (src/test/python/drift_golden.py prints them); they agree
 * with the constants in scipy's test file to 1e-13 except where noted.
 */
class KolmogorovSmirnovGoldenTest {

    private static void assertKs(double[] x, double[] y, double expectedD, double expectedP) {
        KolmogorovSmirnov.Outcome outcome = KolmogorovSmirnov.test(x, y);
        assertThat(outcome.statistic()).isCloseTo(expectedD, within(1e-15));
        assertRelative(outcome.pValue(), expectedP);
    }

    static void assertRelative(double actual, double expected) {
        assertThat(Math.abs(actual - expected)).as("%s vs %s", actual, expected)
                .isLessThanOrEqualTo(1e-12 * Math.abs(expected));
    }

    private static double[] linspace(double start, double stop, int num) {
        return NumpyHistogram.linspace(start, stop, num);
    }

    private static double[] plus(double[] values, double... addends) {
        return DoubleStream.of(values).map(v -> {
            double r = v;
            for (double a : addends) {
                r = r + a;
            }
            return r;
        }).toArray();
    }

    private static double[] repeat(double[][] valueAndCount) {
        return java.util.Arrays.stream(valueAndCount)
                .flatMapToDouble(vc -> DoubleStream.generate(() -> vc[0]).limit((long) vc[1]))
                .toArray();
    }

    @Test
    void singleValuesThatDifferGiveDOneAndPOne() {
        assertKs(new double[] {0}, new double[] {1}, 1.0, 1.0);
    }

    @Test
    void twoVersusThree() {
        double[] data2 = {1.0, 2.0, 3.0};
        assertKs(plus(new double[] {1.0, 2.0}, 0.01), data2, 1.0 / 3, 1.0);
        assertKs(plus(new double[] {1.0, 2.0}, -0.01), data2, 2.0 / 3, 0.6);
    }

    @Test
    void twoVersusFour() {
        double[] data2 = {1.0, 2.0, 3.0, 4.0};
        assertKs(plus(new double[] {1.0, 2.0}, 0.01), data2, 2.0 / 4, 0.9333333333333332);
        assertKs(plus(new double[] {1.0, 2.0}, -0.01), data2, 3.0 / 4, 0.4000000000000001);
    }

    @Test
    void hundredVersusShiftedHundred() {
        double[] x100 = linspace(1, 100, 100);
        assertKs(x100, plus(x100, 2, 0.1), 3.0 / 100, 0.9999999999962054);
    }

    @Test
    void hundredVersusHundredAndTen() {
        double[] x100 = linspace(1, 100, 100);
        double[] x110 = linspace(1, 100, 110);
        assertKs(x100, plus(x110, 20, 0.1), 232.0 / 1100, 0.015739183865606153);
        assertKs(x100, plus(x110, 20, -0.1), 229.0 / 1100, 0.01780380386102561);
    }

    @Test
    void repeatedValues() {
        double[] x2233 = repeat(new double[][] {{2, 3}, {3, 4}, {5, 5}, {6, 4}});
        double[] x3344 = plus(x2233, 1);
        double[] x2356 = repeat(new double[][] {{2, 3}, {3, 4}, {5, 10}, {6, 4}});
        double[] x3467 = repeat(new double[][] {{3, 10}, {4, 2}, {6, 10}, {7, 4}});
        assertKs(x2233, x3344, 5.0 / 16, 0.42629346134549484);
        assertKs(x2356, x3467, 190.0 / 21 / 26, 0.09192457901681189);
    }

    @Test
    void tenThousandIsStillExactAsInScipy() {
        int n1 = 10000;
        int n2 = 110;
        double delta = 1.0 / n1 / n2 / 2 / 2;
        double[] x = plus(linspace(1, 200, n1), -delta);
        double[] y = linspace(2, 100, n2);
        // scipy's test file lists 4.2188474935755949e-15 but asserts it only with atol=1e-14: that constant is the
        // rounding noise of 1 - CDF; scipy itself (and Commons Statistics) returns the accurate value.
        assertKs(x, y, 55275.0 / (n1 * 11.0), 6.263465662260858e-26);
    }

    @Test
    void aboveTenThousandTheAsymptoticPValueIsUsed() {
        int n1 = 10000;
        int n2 = 11000;
        double delta = 1.0 / n1 / n2 / 2 / 2;
        double[] x = plus(linspace(1, 200, n1), -delta);
        double[] y = linspace(2, 200, n2);
        assertKs(x, y, 563.0 / (n1 * 11.0), 0.9990660108966576);
    }

    @Test
    void pValueOfAGivenStatisticMatchesTheAsymptoticPathOfTheRawTest() {
        // Same samples as above: D = 563/110000 with n = 10000, m = 11000 (effective n 5238).
        assertRelative(KolmogorovSmirnov.pValue(563.0 / 110000, 10000, 11000), 0.9990660108966576);
    }
}

package io.mlopsbridge.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * scipy's {@code kstwo.sf(d, n)} above n = 100 000, on every branch scipy takes there (Ruben–Gambino, Pelz–Good,
 * the exact Smirnov sum up to n = 10^6 and its approximation above, the zero tail), to 1e-9 relative (absolute 1e-308 in the subnormal tail, where doubles themselves carry only a
 * few digits). Values from
 * src/test/python/ks_large_golden.py, committed in ks-large-golden.json.
 */
class KolmogorovDistributionGoldenTest {

    static JsonNode golden() throws IOException {
        try (InputStream in = KolmogorovDistributionGoldenTest.class
                .getResourceAsStream("/io/mlopsbridge/drift/ks-large-golden.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static void assertRelative(double actual, double expected, double tolerance, String what) {
        assertThat(Math.abs(actual - expected)).as("%s: %s vs scipy %s", what, actual, expected)
                .isLessThanOrEqualTo(tolerance * Math.abs(expected));
    }

    @Test
    void survivalEqualsScipysKstwoOnEveryLargeSampleBranch() throws IOException {
        List<String> failures = new ArrayList<>();
        for (JsonNode c : golden().get("kstwo")) {
            long n = c.get("n").asLong();
            double d = c.get("d").asDouble();
            double expected = c.get("sf").asDouble();
            double actual = KolmogorovDistribution.survival(d, n);
            // Below double's smallest normal number (1e-308) values have few digits on both sides.
            if (Math.abs(actual - expected) > Math.max(1e-9 * Math.abs(expected), 1e-308)) {
                failures.add("n=" + n + " d=" + d + " (n·d²=" + n * d * d + "): " + actual + " vs scipy " + expected);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void twoSamplePValueAboveTheOldLimitIsScipysAsymptoticFormula() throws IOException {
        for (JsonNode s : golden().get("samples")) {
            long n = s.get("reference").get("size").asLong();
            long m = s.get("current").get("size").asLong();
            if (Math.max(n, m) <= KolmogorovSmirnov.MAX_EXACT_N) {
                continue;
            }
            assertRelative(KolmogorovSmirnov.pValue(s.get("d").asDouble(), n, m), s.get("p").asDouble(), 1e-9,
                    s.get("name").asText());
        }
    }

    @Test
    void effectiveSizeIsRoundedHalfToEvenAsNumpyDoes() {
        // n = m = 200 001: n·m/(n+m) = 100 000.5, which numpy rounds to 100 000 (Math.round would give 100 001).
        double d = 0.004;
        assertThat(KolmogorovSmirnov.pValue(d, 200_001, 200_001))
                .isEqualTo(KolmogorovSmirnov.pValue(d, 200_000, 200_000));
    }
}

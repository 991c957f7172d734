package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.RefusingLoopbackPort;
import org.junit.jupiter.api.Test;

class SmokeTestTest {

    @Test
    void aFileMayHoldOneBodyAListOrRequestsWithRepeat() {
        assertThat(SmokeRequests.parse("{\"inputs\": [[1, 2]]}", "one.json").total()).isEqualTo(1);
        assertThat(SmokeRequests.parse("[{\"inputs\": [[1, 2]]}, {\"inputs\": [[3, 4]]}]", "list.json").total())
                .isEqualTo(2);
        SmokeRequests repeated = SmokeRequests.parse("{\"requests\": [{\"inputs\": [[1, 2]]}], \"repeat\": 20}", "r");
        assertThat(repeated.total()).isEqualTo(20);
        assertThat(repeated.bodies()).containsExactly("{\"inputs\":[[1,2]]}");
    }

    @Test
    void badFilesAreInputErrorsNamingTheProblem() {
        assertThatThrownBy(() -> SmokeRequests.parse("{\"inputs\": ", "smoke.json"))
                .hasMessageStartingWith("smoke requests: 'smoke.json' is not JSON");
        assertThatThrownBy(() -> SmokeRequests.parse("[]", "smoke.json")).hasMessage("smoke requests: no requests");
        assertThatThrownBy(() -> SmokeRequests.parse("[1, 2]", "smoke.json"))
                .hasMessage("smoke requests: request 1 in 'smoke.json' is not a JSON object");
        assertThatThrownBy(() -> SmokeRequests.parse("{\"requests\": [{}], \"repeat\": 5000}", "smoke.json"))
                .hasMessageStartingWith("smoke requests: 1 requests x repeat 5000 is outside 1..1000");
    }

    @Test
    void percentilesAreNearestRankSoEveryReportedLatencyWasMeasured() {
        double[] twenty = new double[20];
        for (int i = 0; i < 20; i++) {
            twenty[i] = i + 1;
        }

        assertThat(SmokeTest.nearestRank(twenty, 50)).isEqualTo(10);
        assertThat(SmokeTest.nearestRank(twenty, 95)).isEqualTo(19);
        assertThat(SmokeTest.nearestRank(new double[] {7.5}, 95)).isEqualTo(7.5);
    }

    @Test
    void anUnreachableEndpointCountsEveryRequestAsAnError() {
        SmokeOutcome outcome;
        try (RefusingLoopbackPort refusing = RefusingLoopbackPort.open()) {
            outcome = SmokeTest.withDefaults().run(refusing.url(), "fraud-detector", SmokeProtocol.MLFLOW_SCORING,
                    SmokeRequests.parse("{\"requests\": [{\"inputs\": [[1]]}], \"repeat\": 3}", "r"));
        }

        assertThat(outcome.metrics()).containsEntry("requests", 3.0).containsEntry("error_rate", 1.0);
        assertThat(outcome.errorSamples()).hasSize(3).allMatch(e -> e.contains("ConnectException"));
    }

    @Test
    void smokeGatesAreCheckedBeforeAnythingIsDeployed() {
        assertThatThrownBy(() -> SmokeGate.check("latency_p99_ms < 100"))
                .hasMessageContaining("latency_p99_ms");
        assertThatThrownBy(() -> SmokeGate.check("error_rate <= champion.error_rate"))
                .hasMessage("smoke gate: 'error_rate <= champion.error_rate' reads champion metrics");
        assertThatThrownBy(() -> SmokeGate.check("error_rate == && 1")).hasMessageStartingWith("gate expression:");
        assertThat(SmokeGate.check("error_rate == 0 && latency_p95_ms < 200").metricNames())
                .containsExactly("error_rate", "latency_p95_ms");
    }

    @Test
    void anUnknownMetricInTheSmokeGateNamesTheOptionAndListsTheSmokeTestsMetrics() {
        MlopsException e = catchThrowableOfType(MlopsException.class, () -> SmokeGate.check("latency_p99_ms < 100"));

        assertThat(e.getMessage()).isEqualTo("--smoke-gate: the smoke test measures no latency_p99_ms; its metrics are:"
                + " error_rate, errors, latency_max_ms, latency_p50_ms, latency_p95_ms, requests");
        assertThat(e.hint()).hasValue("fix the metric's name in --smoke-gate (names are case-sensitive)");
    }
}

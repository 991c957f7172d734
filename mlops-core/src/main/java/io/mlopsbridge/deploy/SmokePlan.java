package io.mlopsbridge.deploy;

import java.io.Serializable;
import java.util.Objects;

/**
 * A smoke test to run once the new version is ready.
 *
 * @param requests  what to send
 * @param gate      gate expression over the outcome, e.g. {@code error_rate == 0 && latency_p95_ms < 200}
 * @param protocol  how to talk to the model
 * @param modelName the name the model is served under (v2 paths contain it)
 * @param endpoint  a base URL to use instead of the one the cluster reports (e.g. an ingress reachable from the
 *                  CI agent); null to use the reported one
 */
public record SmokePlan(SmokeRequests requests, String gate, SmokeProtocol protocol, String modelName,
                        String endpoint) implements Serializable {
    /** Without an expression, a smoke test passes when every request got a prediction. */
    public static final String DEFAULT_GATE = "error_rate == 0";

    public SmokePlan {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(modelName, "modelName");
        gate = gate == null || gate.isBlank() ? DEFAULT_GATE : gate.strip();
    }
}

package io.mlopsbridge.deploy;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a smoke test measured, as the metrics a gate reads.
 *
 * @param requests      requests sent
 * @param errors        requests that failed: no answer, a non-2xx status, or a body that is not a prediction
 * @param latencyP50Ms  median latency in milliseconds (nearest rank)
 * @param latencyP95Ms  95th percentile latency in milliseconds (nearest rank)
 * @param latencyMaxMs  slowest request in milliseconds
 * @param errorSamples  the first few errors, for the log
 */
public record SmokeOutcome(int requests, int errors, double latencyP50Ms, double latencyP95Ms, double latencyMaxMs,
                           List<String> errorSamples) implements Serializable {
    public SmokeOutcome {
        errorSamples = List.copyOf(errorSamples);
    }

    /** Metric names a smoke gate can use: requests, errors, error_rate, latency_p50_ms, latency_p95_ms, latency_max_ms. */
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("requests", (double) requests);
        metrics.put("errors", (double) errors);
        metrics.put("error_rate", requests == 0 ? 1.0 : (double) errors / requests);
        metrics.put("latency_p50_ms", latencyP50Ms);
        metrics.put("latency_p95_ms", latencyP95Ms);
        metrics.put("latency_max_ms", latencyMaxMs);
        return metrics;
    }

    /** One line for the log, e.g. {@code 20 requests, 0 errors, p50 12.3 ms, p95 40.1 ms}. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%d requests, %d errors, p50 %.1f ms, p95 %.1f ms", requests,
                errors, latencyP50Ms, latencyP95Ms);
    }
}

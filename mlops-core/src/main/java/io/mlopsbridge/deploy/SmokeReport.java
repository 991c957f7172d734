package io.mlopsbridge.deploy;

import java.io.Serializable;
import java.util.Objects;

/**
 * A smoke test's outcome judged by its gate.
 *
 * @param endpoint    the base URL that was tested
 * @param outcome     what was measured
 * @param passed      whether the gate passed
 * @param gate        the gate expression
 * @param summary     the verdict in one line, naming failed clauses and their values
 * @param verdictJson the full gate verdict as JSON, for reports
 */
public record SmokeReport(String endpoint, SmokeOutcome outcome, boolean passed, String gate, String summary,
                         String verdictJson) implements Serializable {
    public SmokeReport {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(summary, "summary");
    }
}

package io.mlopsbridge.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mlopsbridge.drift.profile.BadRows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a drift check: one verdict per column and the dataset decision.
 *
 * @param reference what was read as the reference
 * @param current what was read as the current data
 * @param columns per compared column, in column order
 * @param skipped columns that could not be compared, with why
 * @param missingInCurrent selected reference columns the current data lacks
 * @param addedInCurrent current columns the reference does not have (not compared)
 * @param driftedCount drifted columns
 * @param driftShare drifted columns / compared columns
 * @param driftShareThreshold the share at which the dataset counts as drifted (Evidently's drift_share)
 * @param datasetDrift whether {@code driftShare >= driftShareThreshold}
 * @param rule the user's rule, if one was given (then it, not the share, decides)
 * @param ruleVerdict the rule's verdict as JSON-ready data, or null
 * @param drifted the decision: the rule's result when there is a rule, else {@code datasetDrift}
 * @param retrain the retraining trigger decision, or null when no model was given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftResult(Dataset reference, Dataset current, List<ColumnDrift> columns, List<Skipped> skipped,
                          List<String> missingInCurrent, List<String> addedInCurrent, int driftedCount,
                          double driftShare, double driftShareThreshold, boolean datasetDrift, String rule,
                          Object ruleVerdict, boolean drifted, RetrainDecision retrain) {

    /** Made on first use: a check that writes no JSON does not wait for Jackson to start (≈ 20 ms). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** A dataset as the result describes it: file name and row counts, never rows. */
    public record Dataset(String source, long rows, BadRows badRows, boolean fromProfile) {
    }

    /** A column that was not compared. */
    public record Skipped(String column, String reason) {
    }

    /**
     * Metrics a rule can read: {@code drift_share}, {@code drifted_count}, {@code column_count}, and per column
     * {@code <method>.<column>} (the score: p-value for tests, distance otherwise) and {@code drifted.<column>}
     * (1 or 0).
     */
    public Map<String, Double> metrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("drift_share", driftShare);
        metrics.put("drifted_count", (double) driftedCount);
        metrics.put("column_count", (double) columns.size());
        for (ColumnDrift c : columns) {
            metrics.put(c.method().id() + "." + c.column(), c.score());
            metrics.put("drifted." + c.column(), c.drifted() ? 1.0 : 0.0);
        }
        return metrics;
    }

    /** With the retraining decision filled in. */
    public DriftResult withRetrain(RetrainDecision decision) {
        return new DriftResult(reference, current, columns, skipped, missingInCurrent, addedInCurrent, driftedCount,
                driftShare, driftShareThreshold, datasetDrift, rule, ruleVerdict, drifted, decision);
    }

    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line for logs: e.g. {@code drift: 2 of 5 columns drifted (share 0.40 >= 0.5: no)}. */
    /**
     * The bad-row counts of the sides that had any, each with its first example, e.g.
     * {@code bad rows: current 1 (lines 502-1002: unterminated quoted field, 501 lines)}; null when none.
     */
    public String badRowsLine() {
        List<String> sides = new java.util.ArrayList<>();
        if (reference.badRows().count() > 0) {
            sides.add("reference " + reference.badRows().describe());
        }
        if (current.badRows().count() > 0) {
            sides.add("current " + current.badRows().describe());
        }
        return sides.isEmpty() ? null : "bad rows: " + String.join(", ", sides);
    }

    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append("drift: ").append(driftedCount).append(" of ").append(columns.size()).append(" columns drifted");
        s.append(String.format(java.util.Locale.ROOT, " (share %.3f, dataset threshold %s)", driftShare,
                driftShareThreshold));
        if (rule != null) {
            s.append("; rule '").append(rule).append("' ").append(drifted ? "says drift" : "says no drift");
        }
        s.append(drifted ? " -> DRIFT" : " -> no drift");
        return s.toString();
    }
}

package io.mlopsbridge.gate;

import io.mlopsbridge.core.QuotedInput;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The auditable outcome of a gate: the expression, the overall verdict and one {@link GateClause} per top-level
 * {@code &&} conjunct with the values it saw. The gate passes only when every clause passes.
 *
 * @param expression       the expression text
 * @param passed           whether every clause passed
 * @param clauses          the top-level conjuncts in source order
 * @param championAlias    the alias that names the champion (e.g. {@code champion}), for the record
 * @param championPresent  whether a champion existed; when not, comparisons reading champion metrics passed
 */
public record GateVerdict(String expression, boolean passed, List<GateClause> clauses, String championAlias,
                          boolean championPresent) {
    public GateVerdict {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(championAlias, "championAlias");
        clauses = List.copyOf(clauses);
    }

    /** The clauses that failed, in source order. */
    public List<GateClause> failedClauses() {
        return clauses.stream().filter(clause -> !clause.passed()).collect(Collectors.toUnmodifiableList());
    }

    /**
     * One line for logs and tags: {@code gate passed: 3 of 3 clauses passed}, or
     * {@code gate failed: 2 of 3 clauses passed; failed: auc >= champion.auc - 0.005 (auc = 0.95, champion.auc = 0.96)}.
     */
    public String summary() {
        long passedCount = clauses.stream().filter(GateClause::passed).count();
        String counts = passedCount + " of " + clauses.size() + " clauses passed";
        if (passed) {
            return "gate passed: " + counts;
        }
        String failures = failedClauses().stream()
                .map(clause -> clause.text().replaceAll("\\s+", " ")
                        + (clause.values().isEmpty() ? "" : " (" + clause.valuesText() + ")"))
                .collect(Collectors.joining("; "));
        // One line for stdout and build logs: a back-quoted name's newline, ESC or U+202E is shown escaped.
        return QuotedInput.escaped("gate failed: " + counts + "; failed: " + failures);
    }

    /** The verdict as pretty-printed JSON with a fixed field order; values use the shortest exact decimal. */
    public String toJson() {
        return GateJson.write(this);
    }

    /** The verdict as a Markdown report: a clause | values | verdict table and the overall verdict. */
    public String toMarkdown() {
        return GateMarkdown.write(this);
    }
}

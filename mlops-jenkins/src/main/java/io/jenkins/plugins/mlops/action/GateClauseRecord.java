package io.jenkins.plugins.mlops.action;

import io.mlopsbridge.gate.GateClause;

/** One clause of a gate as the build page shows it: the clause, the values it compared and its verdict. */
public final class GateClauseRecord {
    private final String clause;
    private final String values;
    private final boolean passed;

    GateClauseRecord(GateClause clause) {
        this.clause = clause.text().replaceAll("\\s+", " ");
        this.values = clause.valuesText();
        this.passed = clause.passed();
    }

    public String getClause() {
        return clause;
    }

    public String getValues() {
        return values;
    }

    public boolean isPassed() {
        return passed;
    }
}

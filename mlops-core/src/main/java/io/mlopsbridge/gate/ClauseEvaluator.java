package io.mlopsbridge.gate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Evaluates one clause of a gate. Metrics must already be checked by {@link Gate#requireMetrics}.
 *
 * <p>Conditions are evaluated with the polarity the clause wants ({@code wanted}: true, flipped under {@code !}) so
 * the two unknowns behave the same however they are negated: a comparison with a champion metric when there is no
 * champion yet is <em>satisfied</em> (it never blocks a first model), and a comparison that meets NaN is
 * <em>not satisfied</em> (an undefined metric never lets a model through). Division by zero fails the whole clause.
 * Every operand is evaluated (no short-circuit) so the verdict and its notes do not depend on operand order.
 */
final class ClauseEvaluator {
    private final GateExpression expression;
    private final Map<String, Double> metrics;
    private final Map<String, Double> champion;
    private final String championAlias;
    private final Set<String> notes = new LinkedHashSet<>();
    private boolean championMissing;
    private boolean divisionByZero;
    private final List<String> nanComparisons = new ArrayList<>();

    /** {@code champion} is null when there is no champion yet. */
    ClauseEvaluator(GateExpression expression, Map<String, Double> metrics, Map<String, Double> champion,
                    String championAlias) {
        this.expression = expression;
        this.metrics = metrics;
        this.champion = champion;
        this.championAlias = championAlias;
    }

    GateClause evaluate(GateNode clause) {
        boolean holds = condition(clause, true);
        List<String> clauseNotes = new ArrayList<>();
        if (championMissing) {
            clauseNotes.add("no champion yet (alias '" + championAlias + "')");
        }
        clauseNotes.addAll(notes);
        if (!divisionByZero) {
            nanComparisons.forEach(comparison -> clauseNotes.add("NaN in '" + comparison + "' counts as not met"));
        }
        return new GateClause(expression.source(clause), holds && !divisionByZero, valuesRead(clause),
                clauseNotes.isEmpty() ? null : String.join("; ", clauseNotes));
    }

    private Map<String, Double> valuesRead(GateNode clause) {
        Map<String, Double> values = new TreeMap<>();
        for (GateNode.Metric metric : GateExpression.metricsIn(clause)) {
            if (!metric.champion()) {
                values.put(metric.reportKey(), metrics.get(metric.name()));
            } else if (champion != null) {
                values.put(metric.reportKey(), champion.get(metric.name()));
            }
        }
        return values;
    }

    private boolean condition(GateNode node, boolean wanted) {
        if (node instanceof GateNode.Parenthesized parenthesized) {
            return condition(parenthesized.inner(), wanted);
        } else if (node instanceof GateNode.Not not) {
            return !condition(not.operand(), !wanted);
        } else if (node instanceof GateNode.All all) {
            boolean holds = true;
            for (GateNode operand : all.operands()) {
                holds &= condition(operand, wanted);
            }
            return holds;
        } else if (node instanceof GateNode.Any any) {
            boolean holds = false;
            for (GateNode operand : any.operands()) {
                holds |= condition(operand, wanted);
            }
            return holds;
        } else if (node instanceof GateNode.Comparison comparison) {
            return comparison(comparison, wanted);
        }
        throw new IllegalStateException("the parser let a value through as a condition: " + node);
    }

    private boolean comparison(GateNode.Comparison comparison, boolean wanted) {
        if (champion == null && readsChampion(comparison)) {
            championMissing = true;
            return wanted;
        }
        double left = value(comparison.left());
        double right = value(comparison.right());
        if (Double.isNaN(left) || Double.isNaN(right)) {
            nanComparisons.add(expression.source(comparison));
            return !wanted;
        }
        switch (comparison.operator()) {
            case "<": return left < right;
            case "<=": return left <= right;
            case ">": return left > right;
            case ">=": return left >= right;
            case "==": return left == right;
            case "!=": return left != right;
            default: throw new IllegalStateException("unknown comparison " + comparison.operator());
        }
    }

    private double value(GateNode node) {
        if (node instanceof GateNode.Literal literal) {
            return literal.value();
        } else if (node instanceof GateNode.Metric metric) {
            return (metric.champion() ? champion : metrics).get(metric.name());
        } else if (node instanceof GateNode.Parenthesized parenthesized) {
            return value(parenthesized.inner());
        } else if (node instanceof GateNode.Negation negation) {
            return -value(negation.operand());
        } else if (node instanceof GateNode.Arithmetic arithmetic) {
            double result = value(arithmetic.first());
            for (GateNode.Step step : arithmetic.steps()) {
                double operand = value(step.operand());
                switch (step.operator()) {
                    case '+': result += operand; break;
                    case '-': result -= operand; break;
                    case '*': result *= operand; break;
                    case '/':
                        if (operand == 0) {
                            divisionByZero = true;
                            notes.add("division by zero: '" + expression.source(step.operand()) + "' is 0");
                            result = Double.NaN;
                        } else {
                            result /= operand;
                        }
                        break;
                    default: throw new IllegalStateException("unknown operator " + step.operator());
                }
            }
            return result;
        }
        throw new IllegalStateException("the parser let a condition through as a value: " + node);
    }

    private static boolean readsChampion(GateNode node) {
        return GateExpression.metricsIn(node).stream().anyMatch(GateNode.Metric::champion);
    }
}

package io.mlopsbridge.gate;

import io.mlopsbridge.core.MlopsException;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A parsed gate expression such as {@code auc >= 0.92 && auc >= champion.auc - 0.005 && latency_p95_ms <= 50}.
 * Immutable; parse once, evaluate with a {@link Gate} as often as needed.
 *
 * <p>Grammar, loosest binding first: {@code ||}, {@code &&}, {@code !}, one comparison ({@code < <= > >= == !=},
 * never chained), {@code + -}, {@code * /}, unary minus; parentheses; numbers ({@code 50}, {@code 0.92},
 * {@code 1e-3}); metric names {@code [A-Za-z_][A-Za-z0-9_./]*} such as {@code psi.amount} or {@code val/loss}
 * (so division needs spaces: {@code val/loss / 2}); any other name in back quotes ({@code `f1-score`}, a doubled
 * back quote for a back quote); and {@code champion.<name>} (or {@code champion.`f1-score`}) for the champion's
 * metric. A back-quoted {@code `champion.auc`} is a plain metric of that name.
 */
public final class GateExpression {
    /** Longest accepted expression. Real gates are a line or two; the cap bounds work on hostile input. */
    public static final int MAX_LENGTH = 10_000;
    /** Deepest accepted nesting of parentheses and prefix operators ({@code ! -}). */
    public static final int MAX_DEPTH = GateParser.MAX_DEPTH;

    private final String text;
    private final GateNode root;
    private final SortedSet<String> metricNames;
    private final SortedSet<String> championMetricNames;

    private GateExpression(String text, GateNode root) {
        this.text = text;
        this.root = root;
        SortedSet<String> plain = new TreeSet<>();
        SortedSet<String> champion = new TreeSet<>();
        for (GateNode.Metric metric : metricsIn(root)) {
            (metric.champion() ? champion : plain).add(metric.name());
        }
        this.metricNames = Collections.unmodifiableSortedSet(plain);
        this.championMetricNames = Collections.unmodifiableSortedSet(champion);
    }

    /**
     * Parses {@code text}.
     *
     * @throws MlopsException of kind INPUT when the text is not a valid expression: the message names the 1-based
     *                        column, what was expected and what was found; the hint shows the text with a caret
     */
    public static GateExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw MlopsException.input("gate expression: expected a condition such as 'auc >= 0.9' but found an empty"
                    + " expression", "give the gate as e.g. 'auc >= 0.92 && auc >= champion.auc - 0.005'");
        }
        if (text.length() > MAX_LENGTH) {
            throw MlopsException.input("gate expression: expected at most " + MAX_LENGTH + " characters but found "
                    + text.length(), "shorten the expression");
        }
        return new GateExpression(text, GateParser.parse(text));
    }

    /** The text as given to {@link #parse}. */
    public String text() {
        return text;
    }

    /** The model's own metrics the expression reads, sorted. */
    public SortedSet<String> metricNames() {
        return metricNames;
    }

    /** The champion's metrics the expression reads (written {@code champion.<name>}), sorted, without the prefix. */
    public SortedSet<String> championMetricNames() {
        return championMetricNames;
    }

    /** Whether the expression reads any champion metric. */
    public boolean readsChampion() {
        return !championMetricNames.isEmpty();
    }

    GateNode root() {
        return root;
    }

    /** The top-level {@code &&} conjuncts, looking through parentheses: the clauses a report lists one by one. */
    List<GateNode> clauses() {
        List<GateNode> clauses = new ArrayList<>();
        Deque<GateNode> pending = new ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            GateNode node = pending.pop();
            GateNode unwrapped = node;
            while (unwrapped instanceof GateNode.Parenthesized parenthesized) {
                unwrapped = parenthesized.inner();
            }
            if (unwrapped instanceof GateNode.All all) {
                List<GateNode> operands = all.operands();
                for (int i = operands.size() - 1; i >= 0; i--) {
                    pending.push(operands.get(i));
                }
            } else {
                clauses.add(node);
            }
        }
        return clauses;
    }

    /** The source text of {@code node}. */
    String source(GateNode node) {
        return text.substring(node.start(), node.end());
    }

    /** Every metric reference under {@code node}, in source order. */
    static List<GateNode.Metric> metricsIn(GateNode node) {
        List<GateNode.Metric> metrics = new ArrayList<>();
        Deque<GateNode> pending = new ArrayDeque<>(List.of(node));
        while (!pending.isEmpty()) {
            GateNode next = pending.pop();
            List<GateNode> children = children(next);
            for (int i = children.size() - 1; i >= 0; i--) {
                pending.push(children.get(i));
            }
            if (next instanceof GateNode.Metric metric) {
                metrics.add(metric);
            }
        }
        return metrics;
    }

    private static List<GateNode> children(GateNode node) {
        if (node instanceof GateNode.Parenthesized n) {
            return List.of(n.inner());
        } else if (node instanceof GateNode.Negation n) {
            return List.of(n.operand());
        } else if (node instanceof GateNode.Not n) {
            return List.of(n.operand());
        } else if (node instanceof GateNode.Comparison n) {
            return List.of(n.left(), n.right());
        } else if (node instanceof GateNode.All n) {
            return n.operands();
        } else if (node instanceof GateNode.Any n) {
            return n.operands();
        } else if (node instanceof GateNode.Arithmetic n) {
            List<GateNode> children = new ArrayList<>();
            children.add(n.first());
            n.steps().forEach(step -> children.add(step.operand()));
            return children;
        }
        return List.of();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GateExpression expression && expression.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return text;
    }
}

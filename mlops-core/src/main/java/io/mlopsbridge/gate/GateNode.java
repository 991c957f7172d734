package io.mlopsbridge.gate;

import java.util.List;

/**
 * The parsed tree of a gate expression. Chains of the same operator level ({@code a && b && c}, {@code a + b - c})
 * are one node with a list, so a long flat expression never makes a deep tree; only parentheses and prefix
 * operators nest, and the parser limits that.
 * Every node knows its source range ({@code start} inclusive, {@code end} exclusive) so reports quote the user's text.
 */
sealed interface GateNode {
    int start();

    int end();

    /** A number literal. */
    record Literal(double value, int start, int end) implements GateNode {
    }

    /** A metric of the model being gated, or with {@code champion} set, of the champion. */
    record Metric(String name, boolean champion, int start, int end) implements GateNode {
        /** The key under which reports show the value: {@code auc} or {@code champion.auc}. */
        String reportKey() {
            return champion ? "champion." + name : name;
        }
    }

    /** {@code ( inner )}: kept so reports quote clauses with their parentheses. */
    record Parenthesized(GateNode inner, int start, int end) implements GateNode {
    }

    /** Unary minus. */
    record Negation(GateNode operand, int start, int end) implements GateNode {
    }

    /** {@code !condition}. */
    record Not(GateNode operand, int start, int end) implements GateNode {
    }

    /** {@code first op operand op operand ...}, evaluated left to right; operators are all + - or all * /. */
    record Arithmetic(GateNode first, List<Step> steps, int start, int end) implements GateNode {
        public Arithmetic {
            steps = List.copyOf(steps);
        }
    }

    /** One {@code op operand} of an {@link Arithmetic} chain. */
    record Step(char operator, GateNode operand) {
    }

    /** {@code left op right}; op is one of {@code < <= > >= == !=}. */
    record Comparison(GateNode left, String operator, GateNode right, int start, int end) implements GateNode {
    }

    /** {@code a && b && ...}. */
    record All(List<GateNode> operands, int start, int end) implements GateNode {
        public All {
            operands = List.copyOf(operands);
        }
    }

    /** {@code a || b || ...}. */
    record Any(List<GateNode> operands, int start, int end) implements GateNode {
        public Any {
            operands = List.copyOf(operands);
        }
    }
}

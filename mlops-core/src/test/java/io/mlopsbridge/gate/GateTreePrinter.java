package io.mlopsbridge.gate;

import java.util.stream.Collectors;

/** Prints a parsed tree fully parenthesised, so tests can state how an expression groups. */
final class GateTreePrinter {
    private GateTreePrinter() {
    }

    static String structure(String expression) {
        return print(GateExpression.parse(expression).root());
    }

    static String print(GateNode node) {
        if (node instanceof GateNode.Literal literal) {
            return ShortestDouble.format(literal.value());
        } else if (node instanceof GateNode.Metric metric) {
            return metric.reportKey();
        } else if (node instanceof GateNode.Parenthesized parenthesized) {
            return print(parenthesized.inner());
        } else if (node instanceof GateNode.Negation negation) {
            return "(-" + print(negation.operand()) + ")";
        } else if (node instanceof GateNode.Not not) {
            return "(!" + print(not.operand()) + ")";
        } else if (node instanceof GateNode.Arithmetic arithmetic) {
            String result = print(arithmetic.first());
            for (GateNode.Step step : arithmetic.steps()) {
                result = "(" + result + " " + step.operator() + " " + print(step.operand()) + ")";
            }
            return result;
        } else if (node instanceof GateNode.Comparison comparison) {
            return "(" + print(comparison.left()) + " " + comparison.operator() + " " + print(comparison.right()) + ")";
        } else if (node instanceof GateNode.All all) {
            return all.operands().stream().map(GateTreePrinter::print).collect(Collectors.joining(" && ", "(", ")"));
        } else if (node instanceof GateNode.Any any) {
            return any.operands().stream().map(GateTreePrinter::print).collect(Collectors.joining(" || ", "(", ")"));
        }
        throw new IllegalArgumentException(String.valueOf(node));
    }
}

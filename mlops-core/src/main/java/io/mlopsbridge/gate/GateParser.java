package io.mlopsbridge.gate;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for gate expressions. One method per precedence level, loosest first:
 * {@code ||}, {@code &&}, {@code !}, comparison, {@code + -}, {@code * /}, unary minus, then numbers, names and
 * parentheses. It also checks that conditions and numbers are used where each belongs, so evaluation never meets
 * {@code auc && 1} or {@code (a < b) + 1}.
 */
final class GateParser {
    /**
     * Deepest nesting of parentheses and prefix operators. Real gates nest a handful of levels; the limit keeps
     * hostile input (thousands of '(') far from a StackOverflowError, since every level costs a few stack frames.
     */
    static final int MAX_DEPTH = 100;

    private final String text;
    private final List<Token> tokens;
    private int index;
    private int depth;

    private GateParser(String text) {
        this.text = text;
        this.tokens = GateTokenizer.tokenize(text);
    }

    /** The tree of {@code text}, or an INPUT {@link io.mlopsbridge.core.MlopsException} naming the column. */
    static GateNode parse(String text) {
        GateParser parser = new GateParser(text);
        GateNode root = parser.or();
        Token next = parser.current();
        if (next.kind() != Token.Kind.END) {
            throw parser.error(next, "expected an operator or the end of the expression but found "
                    + GateSyntax.describe(text, next), next.kind() == Token.Kind.RIGHT_PAREN
                    ? "remove the ')' or add the matching '('" : null);
        }
        parser.requireCondition(root);
        return root;
    }

    private GateNode or() {
        GateNode first = and();
        if (current().kind() != Token.Kind.OR) {
            return first;
        }
        List<GateNode> operands = new ArrayList<>(List.of(requireCondition(first)));
        while (accept(Token.Kind.OR)) {
            operands.add(requireCondition(and()));
        }
        return new GateNode.Any(operands, first.start(), last(operands).end());
    }

    private GateNode and() {
        GateNode first = not();
        if (current().kind() != Token.Kind.AND) {
            return first;
        }
        List<GateNode> operands = new ArrayList<>(List.of(requireCondition(first)));
        while (accept(Token.Kind.AND)) {
            operands.add(requireCondition(not()));
        }
        return new GateNode.All(operands, first.start(), last(operands).end());
    }

    private GateNode not() {
        Token bang = current();
        if (!accept(Token.Kind.NOT)) {
            return comparison();
        }
        enter(bang);
        GateNode operand = requireCondition(not());
        depth--;
        return new GateNode.Not(operand, bang.start(), operand.end());
    }

    private GateNode comparison() {
        GateNode left = additive();
        Token operator = current();
        if (!operator.kind().isComparison()) {
            return left;
        }
        index++;
        requireValue(left);
        GateNode right = requireValue(additive());
        Token chained = current();
        if (chained.kind().isComparison()) {
            throw error(chained, "expected '&&', '||' or the end of the comparison but found "
                    + GateSyntax.describe(text, chained) + " (comparisons cannot be chained)",
                    "join two comparisons with '&&', e.g. '0.9 <= auc && auc < 1'");
        }
        return new GateNode.Comparison(left, text.substring(operator.start(), operator.end()), right,
                left.start(), right.end());
    }

    private GateNode additive() {
        return arithmetic(true);
    }

    private GateNode multiplicative() {
        return arithmetic(false);
    }

    /** One left-associative level: {@code + -} when {@code additive}, else {@code * /}. */
    private GateNode arithmetic(boolean additive) {
        GateNode first = additive ? multiplicative() : unary();
        List<GateNode.Step> steps = new ArrayList<>();
        while (true) {
            Token.Kind kind = current().kind();
            boolean matches = additive
                    ? kind == Token.Kind.PLUS || kind == Token.Kind.MINUS
                    : kind == Token.Kind.TIMES || kind == Token.Kind.DIVIDE;
            if (!matches) {
                break;
            }
            char operator = text.charAt(current().start());
            index++;
            if (steps.isEmpty()) {
                requireValue(first);
            }
            GateNode operand = requireValue(additive ? multiplicative() : unary());
            steps.add(new GateNode.Step(operator, operand));
        }
        if (steps.isEmpty()) {
            return first;
        }
        return new GateNode.Arithmetic(first, steps, first.start(), last(steps).operand().end());
    }

    private GateNode unary() {
        Token minus = current();
        if (!accept(Token.Kind.MINUS)) {
            return primary();
        }
        enter(minus);
        GateNode operand = requireValue(unary());
        depth--;
        return new GateNode.Negation(operand, minus.start(), operand.end());
    }

    private GateNode primary() {
        Token token = current();
        switch (token.kind()) {
            case NUMBER:
                index++;
                return new GateNode.Literal(token.number(), token.start(), token.end());
            case NAME:
                index++;
                return new GateNode.Metric(token.name(), token.champion(), token.start(), token.end());
            case LEFT_PAREN:
                index++;
                enter(token);
                GateNode inner = or();
                depth--;
                Token close = current();
                if (!accept(Token.Kind.RIGHT_PAREN)) {
                    throw error(close, "expected an operator or ')' to close the '(' at column "
                            + column(token.start()) + " but found " + GateSyntax.describe(text, close), null);
                }
                return new GateNode.Parenthesized(inner, token.start(), close.end());
            default:
                throw error(token, "expected a number, metric name or '(' but found "
                        + GateSyntax.describe(text, token), null);
        }
    }

    private void enter(Token token) {
        if (++depth > MAX_DEPTH) {
            throw error(token, "expected at most " + MAX_DEPTH + " nested parentheses or prefix operators but found"
                    + " more", "simplify the expression");
        }
    }

    private GateNode requireCondition(GateNode node) {
        if (!isCondition(node)) {
            throw GateSyntax.error(text, node.start(), "expected a condition such as 'auc >= 0.9' but found the value "
                    + GateSyntax.quote(text.substring(node.start(), node.end())), "compare the value with something");
        }
        return node;
    }

    private GateNode requireValue(GateNode node) {
        if (isCondition(node)) {
            throw GateSyntax.error(text, node.start(), "expected a number or metric but found the condition "
                    + GateSyntax.quote(text.substring(node.start(), node.end())),
                    "conditions combine only with '&&', '||' and '!'");
        }
        return node;
    }

    /** Whether a node is true/false rather than a number. */
    static boolean isCondition(GateNode node) {
        GateNode unwrapped = node;
        while (unwrapped instanceof GateNode.Parenthesized parenthesized) {
            unwrapped = parenthesized.inner();
        }
        return unwrapped instanceof GateNode.Comparison || unwrapped instanceof GateNode.All
                || unwrapped instanceof GateNode.Any || unwrapped instanceof GateNode.Not;
    }

    private Token current() {
        return tokens.get(index);
    }

    private boolean accept(Token.Kind kind) {
        if (current().kind() == kind) {
            index++;
            return true;
        }
        return false;
    }

    private RuntimeException error(Token token, String problem, String advice) {
        return GateSyntax.error(text, token.start(), problem, advice);
    }

    private int column(int at) {
        return text.codePointCount(0, at) + 1;
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}

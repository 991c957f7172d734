package io.mlopsbridge.gate;

import java.util.ArrayList;
import java.util.List;

/** Splits a gate expression into tokens; the parser reports every error through {@link GateSyntax}. */
final class GateTokenizer {
    private static final String CHAMPION_PREFIX = "champion.";

    private final String text;
    private int position;

    private GateTokenizer(String text) {
        this.text = text;
    }

    /** All tokens of {@code text}, ending with one {@link Token.Kind#END} token. */
    static List<Token> tokenize(String text) {
        return new GateTokenizer(text).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (position >= text.length()) {
                tokens.add(Token.symbol(Token.Kind.END, position, position));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipWhitespace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private Token next() {
        int start = position;
        char c = text.charAt(position);
        if (isDigit(c) || (c == '.' && position + 1 < text.length() && isDigit(text.charAt(position + 1)))) {
            return number();
        }
        if (isNameStart(c)) {
            return name();
        }
        if (c == '`') {
            String name = backQuoted();
            return new Token(Token.Kind.NAME, start, position, 0, name, false);
        }
        switch (c) {
            case '(': return symbol(Token.Kind.LEFT_PAREN, 1);
            case ')': return symbol(Token.Kind.RIGHT_PAREN, 1);
            case '+': return symbol(Token.Kind.PLUS, 1);
            case '-': return symbol(Token.Kind.MINUS, 1);
            case '*': return symbol(Token.Kind.TIMES, 1);
            case '/': return symbol(Token.Kind.DIVIDE, 1);
            case '<': return followedBy('=') ? symbol(Token.Kind.LESS_EQUAL, 2) : symbol(Token.Kind.LESS, 1);
            case '>': return followedBy('=') ? symbol(Token.Kind.GREATER_EQUAL, 2) : symbol(Token.Kind.GREATER, 1);
            case '!': return followedBy('=') ? symbol(Token.Kind.NOT_EQUAL, 2) : symbol(Token.Kind.NOT, 1);
            case '=':
                if (followedBy('=')) {
                    return symbol(Token.Kind.EQUAL, 2);
                }
                throw GateSyntax.error(text, start, "expected '==' but found '='", "compare for equality with '=='");
            case '&':
                if (followedBy('&')) {
                    return symbol(Token.Kind.AND, 2);
                }
                throw GateSyntax.error(text, start, "expected '&&' but found '&'", null);
            case '|':
                if (followedBy('|')) {
                    return symbol(Token.Kind.OR, 2);
                }
                throw GateSyntax.error(text, start, "expected '||' but found '|'", null);
            default:
                int codePoint = text.codePointAt(start);
                if (isInvisible(codePoint)) {
                    throw GateSyntax.error(text, start, "expected a number, metric name, operator or parenthesis but"
                            + " found the invisible character " + String.format("U+%04X", codePoint),
                            "replace it with a plain space, or delete it");
                }
                throw GateSyntax.error(text, start,
                        "expected a number, metric name, operator or parenthesis but found "
                                + GateSyntax.quote(new String(Character.toChars(codePoint))),
                        "put metric names with other characters in back quotes, e.g. `f1-score`");
        }
    }

    /**
     * A character that shows as a space or as nothing (a no-break space copied from a web page, a zero-width space),
     * so quoting it would say "found ' '" and not what is wrong.
     */
    private static boolean isInvisible(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isSpaceChar(codePoint) || Character.isISOControl(codePoint) || type == Character.FORMAT;
    }

    private boolean followedBy(char c) {
        return position + 1 < text.length() && text.charAt(position + 1) == c;
    }

    private Token symbol(Token.Kind kind, int length) {
        Token token = Token.symbol(kind, position, position + length);
        position += length;
        return token;
    }

    /** Digits with an optional fraction and exponent: {@code 50}, {@code 0.92}, {@code .5}, {@code 1e-3}. */
    private Token number() {
        int start = position;
        skipDigits();
        if (position < text.length() && text.charAt(position) == '.') {
            position++;
            skipDigits();
        }
        if (position < text.length() && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
            int exponent = position;
            position++;
            if (position < text.length() && (text.charAt(position) == '+' || text.charAt(position) == '-')) {
                position++;
            }
            if (position >= text.length() || !isDigit(text.charAt(position))) {
                throw GateSyntax.error(text, position, "expected the digits of the exponent of "
                        + GateSyntax.quote(text.substring(start, exponent + 1)) + " but found "
                        + GateSyntax.describeAt(text, position), "write exponents like 1e-3");
            }
            skipDigits();
        }
        String literal = text.substring(start, position);
        double value = Double.parseDouble(literal);
        if (Double.isInfinite(value)) {
            throw GateSyntax.error(text, start, "expected a number within the range of a double but found "
                    + GateSyntax.quote(literal), null);
        }
        return new Token(Token.Kind.NUMBER, start, position, value, null, false);
    }

    private void skipDigits() {
        while (position < text.length() && isDigit(text.charAt(position))) {
            position++;
        }
    }

    /** A bare name; {@code champion.auc} and {@code champion.`f1-score`} name the champion's metric. */
    private Token name() {
        int start = position;
        while (position < text.length() && isNamePart(text.charAt(position))) {
            position++;
        }
        String name = text.substring(start, position);
        if (!name.startsWith(CHAMPION_PREFIX)) {
            return new Token(Token.Kind.NAME, start, position, 0, name, false);
        }
        if (name.length() > CHAMPION_PREFIX.length()) {
            return new Token(Token.Kind.NAME, start, position, 0, name.substring(CHAMPION_PREFIX.length()), true);
        }
        if (position < text.length() && text.charAt(position) == '`') {
            String quoted = backQuoted();
            return new Token(Token.Kind.NAME, start, position, 0, quoted, true);
        }
        throw GateSyntax.error(text, position, "expected a metric name after 'champion.' but found "
                + GateSyntax.describeAt(text, position), "write champion.auc, or champion.`f1-score` for other characters");
    }

    /** {@code `any text`}; a doubled back quote stands for one back quote inside the name. */
    private String backQuoted() {
        int open = position;
        position++;
        StringBuilder name = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw GateSyntax.error(text, open, "expected a closing '`' for the name starting here but found the end"
                        + " of the expression", "close the back-quoted name, e.g. `f1-score`");
            }
            char c = text.charAt(position++);
            if (c != '`') {
                name.append(c);
            } else if (position < text.length() && text.charAt(position) == '`') {
                name.append('`');
                position++;
            } else {
                break;
            }
        }
        if (name.length() == 0) {
            throw GateSyntax.error(text, open, "expected a metric name between the back quotes but found '``'", null);
        }
        return name.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || isDigit(c) || c == '.' || c == '/';
    }
}

package io.mlopsbridge.gate;

import io.mlopsbridge.core.MlopsException;

/**
 * Builds the syntax errors of gate expressions: a one-line message naming the 1-based column, what was expected and
 * what was found, and a hint that shows the expression with a caret under that column.
 */
final class GateSyntax {
    /** Characters of the expression shown on each side of the caret; enough context without flooding a build log. */
    private static final int HINT_CONTEXT = 60;
    /** Quoted source snippets in messages are cut here so a message stays one readable line. */
    private static final int MAX_QUOTED = 40;

    private GateSyntax() {
    }

    /** A syntax error at {@code index} (0-based) of {@code text}; {@code advice} (nullable) follows the caret. */
    static MlopsException error(String text, int index, String problem, String advice) {
        int column = text.codePointCount(0, Math.min(index, text.length())) + 1;
        String hint = caret(text, index) + (advice == null ? "" : "\n" + advice);
        return MlopsException.input("gate expression: column " + column + ": " + problem, hint);
    }

    /** The expression (a window of it when long) on one line, and a caret under {@code index}. */
    static String caret(String text, int index) {
        int from = Math.max(0, index - HINT_CONTEXT);
        int to = Math.min(text.length(), index + HINT_CONTEXT);
        String prefix = from > 0 ? "..." : "";
        String suffix = to < text.length() ? "..." : "";
        // Line breaks and tabs become spaces so the caret lines up under the one-line rendering.
        String shown = oneLine(text.substring(from, to));
        int caretColumn = prefix.length() + shown.codePointCount(0, index - from);
        return prefix + shown + suffix + "\n" + " ".repeat(caretColumn) + "^";
    }

    /** How a message names the token at {@code index}: {@code '&&'}, or "the end of the expression". */
    static String describe(String text, Token token) {
        if (token.kind() == Token.Kind.END) {
            return "the end of the expression";
        }
        return quote(text.substring(token.start(), token.end()));
    }

    /** How a message names whatever starts at {@code index}, for errors found while still reading a token. */
    static String describeAt(String text, int index) {
        if (index >= text.length()) {
            return "the end of the expression";
        }
        return quote(new String(Character.toChars(text.codePointAt(index))));
    }

    static String quote(String source) {
        String flat = oneLine(source);
        if (flat.length() > MAX_QUOTED) {
            flat = flat.substring(0, MAX_QUOTED) + "...";
        }
        return "'" + flat + "'";
    }

    private static String oneLine(String source) {
        StringBuilder flat = new StringBuilder(source.length());
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            flat.append(Character.isWhitespace(c) || Character.isISOControl(c) ? ' ' : c);
        }
        return flat.toString();
    }
}

package io.mlopsbridge.core;

/**
 * A value the user gave, as an error message quotes it: in single quotes, on one line (a newline in a tag key
 * shows as {@code \n}, so the error stays one line and says what is wrong), and shortened when long, so a
 * 300-character name does not bury the rest of the message.
 *
 * @param value the value as given
 */
public record QuotedInput(String value) {
    private static final int SHOWN = 40;

    /**
     * {@code text} on one line, with every control character (and bidi control, see {@link #shownEscaped}) escaped as
     * this record shows it ({@code \n}, {@code
     * \u001b}) and nothing else changed: for a user's value printed whole, such as a CSV column name in a terminal
     * table, where an escape sequence would recolour or rewrite the terminal.
     */
    public static String escaped(String text) {
        if (text.codePoints().noneMatch(QuotedInput::shownEscaped)) {
            return text;
        }
        StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(c -> shown.append(escaped(c)));
        return shown.toString();
    }

    @Override
    public String toString() {
        StringBuilder shown = new StringBuilder("'");
        value.codePoints().limit(SHOWN).forEach(c -> shown.append(escaped(c)));
        shown.append('\'');
        int length = value.codePointCount(0, value.length());
        return length > SHOWN ? shown + "... (" + length + " characters)" : shown.toString();
    }

    private static String escaped(int c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> shownEscaped(c) ? String.format("\\u%04x", c) : Character.toString(c);
        };
    }

    /**
     * Control characters, and the characters that reorder or break a line where Unicode text is laid out (a terminal
     * with bidi, a browser): bidi embeddings, overrides, isolates and marks, and the line and paragraph separators.
     * U+202E in a column name would show the rest of its line reversed.
     */
    private static boolean shownEscaped(int c) {
        return Character.isISOControl(c) || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
    }
}

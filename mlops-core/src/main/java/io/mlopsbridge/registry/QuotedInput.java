package io.mlopsbridge.registry;

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
     * {@code text} on one line, with every control character escaped as this record shows it ({@code \n}, {@code
     * \u001b}) and nothing else changed: for a user's value printed whole, such as a CSV column name in a terminal
     * table, where an escape sequence would recolour or rewrite the terminal.
     */
    public static String escaped(String text) {
        if (text.codePoints().noneMatch(Character::isISOControl)) {
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
            default -> Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c);
        };
    }
}

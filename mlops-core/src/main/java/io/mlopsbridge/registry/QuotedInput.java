package io.mlopsbridge.registry;

/**
 * A value the user gave, as an error message quotes it: in single quotes, on one line (a newline in a tag key
 * shows as {@code \n}, so the error stays one line and says what is wrong), and shortened when long, so a
 * 300-character name does not bury the rest of the message.
 *
 * @param value the value as given
 */
record QuotedInput(String value) {
    private static final int SHOWN = 40;

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

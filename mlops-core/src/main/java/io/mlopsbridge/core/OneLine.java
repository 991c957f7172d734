package io.mlopsbridge.core;

/**
 * Turns a message from elsewhere (a remote system's error, a parser's exception) into the one line our errors
 * quote: its first line, trimmed, and cut at {@link #MAX_LENGTH}.
 */
public final class OneLine {
    /** Longest message kept: a whole HTML error page or a dumped document helps nobody in a build log. */
    public static final int MAX_LENGTH = 300;

    private OneLine() {
    }

    /** The first line of {@code text}, trimmed and cut at {@link #MAX_LENGTH}; "no message" for null. */
    public static String of(String text) {
        if (text == null) {
            return "no message";
        }
        String line = text.strip();
        int newline = line.indexOf('\n');
        if (newline >= 0) {
            line = line.substring(0, newline).strip();
        }
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "..." : line;
    }
}

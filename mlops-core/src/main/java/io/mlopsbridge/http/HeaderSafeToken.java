package io.mlopsbridge.http;

import io.mlopsbridge.core.MlopsException;

/**
 * A token must fit in an HTTP header: printable ASCII only. A line break or another control character (a token
 * pasted with a newline inside) or a non-ASCII character is the user's input error, caught before any request; left
 * to the HTTP client it becomes an internal error whose message quotes the header, token included.
 */
public final class HeaderSafeToken {
    private HeaderSafeToken() {
    }

    /**
     * Returns {@code token} unchanged when a header can carry it; otherwise throws an input error naming
     * {@code source} and the offending position, never the value.
     */
    public static String require(String token, String source) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                continue;
            }
            String what = c == '\n' || c == '\r' ? "a line break" : c < 0x20 || c == 0x7f ? "a control character"
                    : "a non-ASCII character";
            throw MlopsException.input(source + " contains " + what + " at position " + (i + 1)
                            + ", which no HTTP header can carry",
                    "set it to the token alone, on one line (a token is printable ASCII); re-copy it from its source");
        }
        return token;
    }
}

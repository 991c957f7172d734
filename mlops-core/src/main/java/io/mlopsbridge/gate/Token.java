package io.mlopsbridge.gate;

/**
 * One lexical unit of a gate expression.
 *
 * @param kind     what the token is
 * @param start    index of its first character in the expression text
 * @param end      index just past its last character
 * @param number   the value of a {@link Kind#NUMBER}, otherwise 0
 * @param name     the metric name of a {@link Kind#NAME} (without back quotes or the {@code champion.} prefix)
 * @param champion whether a {@link Kind#NAME} refers to the champion's metric
 */
record Token(Kind kind, int start, int end, double number, String name, boolean champion) {

    enum Kind {
        NUMBER, NAME, LEFT_PAREN, RIGHT_PAREN,
        OR, AND, NOT,
        LESS, LESS_EQUAL, GREATER, GREATER_EQUAL, EQUAL, NOT_EQUAL,
        PLUS, MINUS, TIMES, DIVIDE,
        END;

        boolean isComparison() {
            return this == LESS || this == LESS_EQUAL || this == GREATER || this == GREATER_EQUAL
                    || this == EQUAL || this == NOT_EQUAL;
        }
    }

    static Token symbol(Kind kind, int start, int end) {
        return new Token(kind, start, end, 0, null, false);
    }
}

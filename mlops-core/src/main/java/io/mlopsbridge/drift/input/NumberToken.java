package io.mlopsbridge.drift.input;

/**
 * Parses decimal numbers straight from bytes. Most numbers in data files have at most 15 significant digits and a
 * small exponent; for those one IEEE multiplication or division of two exactly representable doubles is correctly
 * rounded (Clinger's fast path), so the result equals {@link Double#parseDouble}. Everything else goes to
 * {@code Double.parseDouble} after this class has checked the syntax (so Java-only forms such as {@code 1d} or hex
 * floats are rejected, as pandas would).
 *
 * <p>One instance per thread: {@link #parse} leaves its result in the fields.
 */
public final class NumberToken {
    /** A finite number is in {@link #value}. */
    public static final int NUMBER = 0;
    /** NaN or an infinity: a bad value for drift (Evidently drops them). */
    public static final int NOT_FINITE = 1;
    /** Not a number at all. */
    public static final int INVALID = 2;

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    };

    public double value;
    /** Written without fraction or exponent (numpy would read the column as integers). */
    public boolean integerLiteral;

    /** Parses bytes [start, end) with optional surrounding spaces; returns {@link #NUMBER}, NOT_FINITE or INVALID. */
    public int parse(byte[] b, int start, int end) {
        while (start < end && b[start] == ' ') {
            start++;
        }
        while (end > start && b[end - 1] == ' ') {
            end--;
        }
        if (start == end) {
            return INVALID;
        }
        int i = start;
        boolean negative = false;
        if (b[i] == '-' || b[i] == '+') {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int digits = 0;
        int dropped = 0; // integer digits beyond 19 significant ones
        int fractionDigits = 0;
        while (i < end && isDigit(b[i])) {
            digits++;
            if (significant < 19) {
                mantissa = mantissa * 10 + (b[i] - '0');
                if (mantissa != 0) {
                    significant++;
                }
            } else {
                dropped++;
            }
            i++;
        }
        boolean integer = true;
        if (i < end && b[i] == '.') {
            integer = false;
            i++;
            while (i < end && isDigit(b[i])) {
                digits++;
                if (significant < 19) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    fractionDigits++;
                    if (mantissa != 0) {
                        significant++;
                    }
                }
                i++;
            }
        }
        if (digits == 0) {
            return nonFinite(b, start, end);
        }
        int exponent = 0;
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            integer = false;
            i++;
            boolean negativeExponent = false;
            if (i < end && (b[i] == '-' || b[i] == '+')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            int expDigits = 0;
            while (i < end && isDigit(b[i])) {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (b[i] - '0');
                }
                expDigits++;
                i++;
            }
            if (expDigits == 0) {
                return INVALID;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != end) {
            return INVALID;
        }
        integerLiteral = integer;
        int power = exponent - fractionDigits + dropped;
        if (significant <= 15 && power >= -22 && power <= 22) {
            double m = mantissa;
            double v = power >= 0 ? m * POWERS_OF_TEN[power] : m / POWERS_OF_TEN[-power];
            value = negative ? -v : v;
        } else {
            value = Double.parseDouble(new String(b, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return Double.isInfinite(value) ? NOT_FINITE : NUMBER;
    }

    /** nan, inf, infinity in any case and with a sign: numbers, but not usable ones. */
    private static int nonFinite(byte[] b, int start, int end) {
        int i = start;
        if (b[i] == '-' || b[i] == '+') {
            i++;
        }
        String word = new String(b, i, end - i, java.nio.charset.StandardCharsets.ISO_8859_1)
                .toLowerCase(java.util.Locale.ROOT);
        return word.equals("nan") || word.equals("inf") || word.equals("infinity") ? NOT_FINITE : INVALID;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}

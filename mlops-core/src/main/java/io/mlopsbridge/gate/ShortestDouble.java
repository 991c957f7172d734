package io.mlopsbridge.gate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes a double with the fewest significant digits that still read back as the same double ({@code 0.1}, not
 * {@code 0.1000000000000000055511151231257827}), so reports are exact and short. Java 17's
 * {@link Double#toString(double)} is not always shortest (fixed only in Java 19), hence this search.
 * The result is valid JSON and a valid gate-expression number; non-finite values are {@code NaN},
 * {@code Infinity} and {@code -Infinity}.
 */
final class ShortestDouble {
    /** 17 significant digits always identify a double uniquely. */
    private static final int MAX_DIGITS = 17;

    private ShortestDouble() {
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal shortest = exact;
        for (int digits = 1; digits <= MAX_DIGITS; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) {
                shortest = rounded;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent >= -6 && exponent < 21) {
            return shortest.toPlainString();
        }
        String digits = shortest.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (value < 0 ? "-" : "") + mantissa + "e" + exponent;
    }
}

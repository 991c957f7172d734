package io.mlopsbridge.deploy;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numeric value of a Kubernetes resource quantity ({@code 500m}, {@code 2}, {@code 1Gi}, {@code 1e3}), so that
 * a request can be compared with its limit as the API server does. This is the one definition of a quantity the
 * deploy inputs are checked against: the text is refused here, as an input error, when the API server would refuse
 * it, after other objects of the rollout were already written.
 */
record Quantity(BigDecimal value) implements Comparable<Quantity> {
    /**
     * apimachinery's quantity grammar: a signed number with a binary or decimal SI suffix or a decimal exponent. The
     * exponent is a whole number: the grammar's comment allows {@code e1.5}, its parser (and the API server) do not.
     */
    private static final Pattern GRAMMAR = Pattern.compile(
            "^([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$");
    /** "No quantity may represent a number greater than 2^63-1 in magnitude" (apimachinery's Quantity). */
    private static final BigDecimal LARGEST = BigDecimal.valueOf(Long.MAX_VALUE);
    /** An exponent far beyond any meaningful CPU or memory amount, small enough to scale by. */
    private static final BigInteger LARGEST_EXPONENT = BigInteger.valueOf(1000);
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")), Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
            Map.entry("Mi", BigDecimal.valueOf(1L << 20)), Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
            Map.entry("Ti", BigDecimal.valueOf(1L << 40)), Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
            Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

    /**
     * @param what   the value named in the message, such as "cpu request"
     * @param option the input it came from, named in the hint
     */
    static Quantity parse(String text, String what, InputName option) {
        Matcher m = GRAMMAR.matcher(text);
        if (!m.matches()) {
            throw refused(text, what, "is not a Kubernetes quantity", option);
        }
        BigDecimal number = new BigDecimal(m.group(1));
        if (number.signum() < 0) {
            // Kubernetes refuses negative requests and limits (HTTP 422); zero it accepts.
            throw refused(text, what, "is negative", option);
        }
        BigDecimal value = number.multiply(multiplier(m.group(2), text, what, option));
        if (value.compareTo(LARGEST) > 0) {
            throw refused(text, what, "is out of range", option);
        }
        return new Quantity(value);
    }

    private static BigDecimal multiplier(String suffix, String text, String what, InputName option) {
        if (suffix == null) {
            return BigDecimal.ONE;
        }
        if (!SUFFIXES.containsKey(suffix)) { // an exponent: e3, E-2 (not Ei)
            BigInteger exponent = new BigInteger(suffix.substring(1));
            if (exponent.abs().compareTo(LARGEST_EXPONENT) > 0) {
                // Checked before scaling: 1e99999999999 would not fit BigDecimal's int scale.
                throw refused(text, what, "is out of range", option);
            }
            return BigDecimal.ONE.scaleByPowerOfTen(exponent.intValue());
        }
        return SUFFIXES.get(suffix);
    }

    private static MlopsException refused(String text, String what, String problem, InputName option) {
        return MlopsException.input("resources: " + what + " '" + text + "' " + problem,
                "pass " + option + " as REQ[:LIMIT] with " + (option == DeployInputNames.CPU
                        ? "quantities such as 500m or 2, e.g. 250m:1" : "quantities such as 512Mi or 2Gi, e.g. 512Mi:1Gi")
                        + (problem.equals("is out of range") ? " (Kubernetes holds at most 2^63-1)" : ""));
    }

    @Override
    public int compareTo(Quantity other) {
        return value.compareTo(other.value);
    }
}

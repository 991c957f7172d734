package io.mlopsbridge.kfp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlopsbridge.core.MlopsException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks runtime parameter values against the types the pipeline declares and converts them to the JSON values
 * KFP expects. Values come as text from a command line ({@code epochs=5}) or typed from a Jenkinsfile
 * ({@code epochs: 5}); either way a missing required parameter, an undeclared one or a value of the wrong type is
 * refused before anything is submitted, with every problem named in one message.
 */
public final class RuntimeParameters {
    /** KFP stores integers as protobuf {@code number_value} (a double), exact only up to 2^53 − 1. */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    /** "12", "-3", "12.0", "1e3": integral values written as decimals are integers too (KFP writes 8.0). */
    private static final String DECIMAL = "[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?";
    /**
     * A number as JSON writes it, ".5" and "5." too; not what Java's parser also takes ("0.1d", hex "0x1p3",
     * "NaN"), which would turn a typo into a number nobody wrote.
     */
    private static final String NUMBER = "[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?";

    private RuntimeParameters() {
    }

    /**
     * Returns the values to send as {@code runtime_config.parameters}, in declaration order. Parameters not given
     * are left out, so KFP applies their declared defaults.
     *
     * @throws MlopsException (input) naming every missing, unknown or wrongly typed parameter
     */
    public static Map<String, Object> bind(String pipelineName, List<ParameterSpec> declared, Map<String, ?> given) {
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        declared.stream().filter(p -> !p.type().systemProvided()).forEach(p -> byName.put(p.name(), p));
        List<String> problems = new ArrayList<>();
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                problems.add("unknown parameter '" + name + "'");
            }
        }
        Map<String, Object> bound = new LinkedHashMap<>();
        for (ParameterSpec p : byName.values()) {
            if (!given.containsKey(p.name())) {
                if (p.required()) {
                    problems.add("parameter '" + p.name() + "' (" + p.type() + ") is required and has no default");
                }
                continue;
            }
            try {
                bound.put(p.name(), convert(p.type(), given.get(p.name())));
            } catch (IllegalArgumentException e) {
                problems.add("parameter '" + p.name() + "' must be " + p.type().expected() + " (" + p.type()
                        + ") but got " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw MlopsException.input("pipeline '" + pipelineName + "': " + String.join("; ", problems),
                    declaredSummary(byName.values()));
        }
        return bound;
    }

    /**
     * A value as the command line gives it: the text that {@link #bind} converts back to the same value, whatever
     * type the pipeline declares that it accepts. Text stays as it is, a list or a map becomes its JSON, anything
     * else (a number, true or false) its own text. For a form that shows a Jenkinsfile's typed values as lines.
     */
    public static String text(Object value) {
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            try {
                return KfpJson.MAPPER.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return value.toString(); // holds what JSON cannot write: bind refuses it, naming the parameter
            }
        }
        return value == null ? null : value.toString();
    }

    private static Object convert(ParameterType type, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("null");
        }
        return switch (type) {
            case STRING -> {
                if (!(value instanceof CharSequence)) {
                    throw wrong(value);
                }
                yield value.toString();
            }
            case NUMBER_INTEGER -> integer(value);
            case NUMBER_DOUBLE -> number(value);
            case BOOLEAN -> bool(value);
            case LIST -> json(value, true);
            case STRUCT -> json(value, false);
            case TASK_FINAL_STATUS, TASK_CONFIG -> throw new IllegalArgumentException("a value; KFP sets it");
        };
    }

    private static long integer(Object value) {
        BigDecimal d;
        if (value instanceof Number n) {
            d = new BigDecimal(n.toString());
        } else if (value instanceof CharSequence s && s.toString().strip().matches(DECIMAL)) {
            d = new BigDecimal(s.toString().strip());
        } else {
            throw wrong(value);
        }
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() > 0) {
            throw wrong(value);
        }
        if (stripped.abs().compareTo(BigDecimal.valueOf(MAX_SAFE_INTEGER)) > 0) {
            throw new IllegalArgumentException(quoted(value) + ", beyond ±(2^53 − 1); declare it as a STRING");
        }
        return stripped.longValueExact();
    }

    private static double number(Object value) {
        double d;
        if (value instanceof Number n) {
            d = n.doubleValue();
        } else if (value instanceof CharSequence s && s.toString().strip().matches(NUMBER)) {
            d = Double.parseDouble(s.toString().strip());
        } else {
            throw wrong(value);
        }
        if (!Double.isFinite(d)) {
            throw wrong(value); // JSON has no NaN or Infinity
        }
        return d;
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof CharSequence s) {
            String t = s.toString().strip().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return Boolean.parseBoolean(t);
            }
        }
        throw wrong(value);
    }

    private static JsonNode json(Object value, boolean list) {
        JsonNode node;
        if (value instanceof CharSequence s) {
            try {
                // One value and nothing after it: "[1, 2] [3]" would otherwise be read as [1, 2].
                node = KfpJson.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .readTree(s.toString());
            } catch (JsonProcessingException e) {
                throw wrong(value);
            }
        } else if (value instanceof List<?> || value instanceof Map<?, ?>) {
            node = KfpJson.MAPPER.valueToTree(value);
        } else {
            throw wrong(value);
        }
        if (node == null || (list ? !node.isArray() : !node.isObject())) {
            throw wrong(value);
        }
        return node;
    }

    private static IllegalArgumentException wrong(Object value) {
        return new IllegalArgumentException(quoted(value));
    }

    private static String quoted(Object value) {
        return value instanceof CharSequence ? "'" + value + "'" : value + " (" + value.getClass().getSimpleName() + ")";
    }

    private static String declaredSummary(Iterable<ParameterSpec> declared) {
        List<String> parts = new ArrayList<>();
        for (ParameterSpec p : declared) {
            parts.add(p.name() + " " + p.type() + (p.required() ? " required"
                    : p.defaultText().map(d -> " default " + d).orElse(" optional")));
        }
        return parts.isEmpty() ? "the pipeline declares no parameters"
                : "the pipeline declares: " + parts.stream().collect(Collectors.joining(", "));
    }
}

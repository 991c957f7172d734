package io.mlopsbridge.kfp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One entry of {@code root.inputDefinitions.parameters}.
 *
 * @param defaultValue the declared default, or null
 * @param optional     {@code isOptional}; a parameter without default and not optional must be given
 */
public record ParameterSpec(String name, ParameterType type, JsonNode defaultValue, boolean optional) {

    /** True when the run fails without a value: no default and not optional (KFP's driver rule). */
    public boolean required() {
        return defaultValue == null && !optional;
    }

    public Optional<JsonNode> defaultIfAny() {
        return Optional.ofNullable(defaultValue);
    }

    /**
     * The default as a user would write it. The kfp compiler writes an integer default as a decimal ({@code 8.0}:
     * the IR keeps every number as a protobuf double), but a NUMBER_INTEGER parameter takes {@code 8}.
     */
    public Optional<String> defaultText() {
        return defaultIfAny().map(d -> type == ParameterType.NUMBER_INTEGER && d.isNumber()
                && d.canConvertToExactIntegral() && d.canConvertToLong()
                ? String.valueOf(d.longValue()) : d.toString());
    }
}

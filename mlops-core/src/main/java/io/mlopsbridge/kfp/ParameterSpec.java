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
}

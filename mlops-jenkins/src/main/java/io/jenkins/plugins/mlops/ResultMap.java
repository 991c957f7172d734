package io.jenkins.plugins.mlops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.log.SecretMasker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A step's return value: the CLI's {@code --json} result for the same operation as plain Groovy-friendly values
 * (strings, numbers, booleans, lists, maps; all Serializable and sandbox-safe), with every string masked.
 */
public final class ResultMap {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultMap() {
    }

    /** {@code json} is the engine's JSON object for a result (the one the CLI prints). */
    public static Map<String, Object> of(Object json, SecretMasker masker) {
        JsonNode tree = JSON.valueToTree(json);
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) plain(tree, masker);
        return plain;
    }

    public static Map<String, Object> ofJsonText(String json, SecretMasker masker) {
        try {
            return of(JSON.readTree(json), masker);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("engine result is not JSON", e);
        }
    }

    private static Object plain(JsonNode node, SecretMasker masker) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue(), masker)));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plain(item, masker)));
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.intValue() : (Object) node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return masker.mask(node.asText());
    }
}

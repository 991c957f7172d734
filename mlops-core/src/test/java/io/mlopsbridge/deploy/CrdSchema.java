package io.mlopsbridge.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates an object against a CustomResourceDefinition's structural {@code openAPIV3Schema} the way the API
 * server does: types (with {@code x-kubernetes-int-or-string}), required fields, enums, patterns, lengths, bounds,
 * int32/int64 ranges, nulls (rejected unless {@code nullable}), list uniqueness ({@code x-kubernetes-list-type} set
 * and map), plus the API server's own checks of name, labels and annotations.
 *
 * <p>Unknown fields are errors, as with {@code kubectl}'s default strict field validation; a server left at
 * "Warn" would silently drop them, which is exactly the bug this test guard exists to catch.
 */
final class CrdSchema {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private final String kind;
    private final JsonNode schema;

    private CrdSchema(String kind, JsonNode schema) {
        this.kind = kind;
        this.schema = schema;
    }

    /** Reads the schema of {@code version} from a CRD YAML file. */
    static CrdSchema load(Path crdFile, String version) {
        try {
            JsonNode crd = YAML.readTree(crdFile.toFile());
            for (JsonNode v : crd.path("spec").path("versions")) {
                if (version.equals(v.path("name").asText())) {
                    return new CrdSchema(crd.path("spec").path("names").path("kind").asText(),
                            v.path("schema").path("openAPIV3Schema"));
                }
            }
            throw new IllegalArgumentException("no version " + version + " in " + crdFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every violation, each as {@code path: problem}; empty when the API server would accept the object. */
    List<String> violations(JsonNode object) {
        List<String> errors = new ArrayList<>();
        validate(schema, object, "", errors);
        checkMetadata(object.path("metadata"), errors);
        if (!kind.equals(object.path("kind").asText())) {
            errors.add("kind: expected " + kind + " but was '" + object.path("kind").asText() + "'");
        }
        return errors;
    }

    private void validate(JsonNode schema, JsonNode node, String path, List<String> errors) {
        String at = path.isEmpty() ? "<root>" : path;
        if (node.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                errors.add(at + ": must not be null");
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (node.isTextual()) {
                validateString(schema, node, at, errors);
            } else if (!node.isIntegralNumber()) {
                errors.add(at + ": must be an integer or a string");
            }
            return;
        }
        if (schema.has("anyOf")) {
            boolean anyPassed = false;
            for (JsonNode option : schema.get("anyOf")) {
                List<String> optionErrors = new ArrayList<>();
                validate(option, node, path, optionErrors);
                anyPassed |= optionErrors.isEmpty();
            }
            if (!anyPassed) {
                errors.add(at + ": matches none of the allowed forms");
            }
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> validateObject(schema, node, path, at, errors);
            case "array" -> validateArray(schema, node, path, at, errors);
            case "string" -> validateString(schema, node, at, errors);
            case "integer" -> validateInteger(schema, node, at, errors);
            case "number" -> {
                if (!node.isNumber()) {
                    errors.add(at + ": must be a number");
                }
            }
            case "boolean" -> {
                if (!node.isBoolean()) {
                    errors.add(at + ": must be a boolean");
                }
            }
            case "" -> {
                // No type: only x-kubernetes-preserve-unknown-fields or anyOf constrain it.
            }
            default -> errors.add(at + ": schema type " + type + " not understood by the validator");
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(node);
            }
            if (!listed) {
                errors.add(at + ": unsupported value " + node + ", allowed " + schema.get("enum"));
            }
        }
    }

    private void validateObject(JsonNode schema, JsonNode node, String path, String at, List<String> errors) {
        if (!node.isObject()) {
            errors.add(at + ": must be an object");
            return;
        }
        for (JsonNode required : schema.path("required")) {
            if (!node.has(required.asText())) {
                errors.add(child(path, required.asText()) + ": required value missing");
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean freeForm = !schema.has("properties") && !schema.has("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = child(path, field.getKey());
            if (properties.has(field.getKey())) {
                validate(properties.get(field.getKey()), field.getValue(), fieldPath, errors);
            } else if (additional.isObject()) {
                validate(additional, field.getValue(), fieldPath, errors);
            } else if (!(preserve || freeForm || additional.asBoolean(false))) {
                errors.add(fieldPath + ": unknown field");
            }
        }
    }

    private void validateArray(JsonNode schema, JsonNode node, String path, String at, List<String> errors) {
        if (!node.isArray()) {
            errors.add(at + ": must be an array");
            return;
        }
        if (schema.has("minItems") && node.size() < schema.get("minItems").asInt()) {
            errors.add(at + ": must have at least " + schema.get("minItems").asInt() + " items");
        }
        if (schema.has("maxItems") && node.size() > schema.get("maxItems").asInt()) {
            errors.add(at + ": must have at most " + schema.get("maxItems").asInt() + " items");
        }
        for (int i = 0; i < node.size(); i++) {
            validate(schema.path("items"), node.get(i), path + "[" + i + "]", errors);
        }
        String listType = schema.path("x-kubernetes-list-type").asText("");
        Set<String> seen = new HashSet<>();
        for (JsonNode item : node) {
            String key = switch (listType) {
                case "set" -> item.toString();
                case "map" -> {
                    StringBuilder k = new StringBuilder();
                    schema.path("x-kubernetes-list-map-keys").forEach(name -> k.append(item.path(name.asText()))
                            .append('|'));
                    yield k.toString();
                }
                default -> null;
            };
            if (key != null && !seen.add(key)) {
                errors.add(at + ": duplicate entry " + key);
            }
        }
    }

    private static void validateString(JsonNode schema, JsonNode node, String at, List<String> errors) {
        if (!node.isTextual()) {
            errors.add(at + ": must be a string");
            return;
        }
        String value = node.asText();
        if (schema.has("pattern")) {
            Pattern pattern = PATTERNS.computeIfAbsent(schema.get("pattern").asText(), Pattern::compile);
            if (!pattern.matcher(value).find()) {
                errors.add(at + ": '" + value + "' does not match " + pattern);
            }
        }
        if (schema.has("maxLength") && value.length() > schema.get("maxLength").asInt()) {
            errors.add(at + ": longer than " + schema.get("maxLength").asInt());
        }
        if (schema.has("minLength") && value.length() < schema.get("minLength").asInt()) {
            errors.add(at + ": shorter than " + schema.get("minLength").asInt());
        }
    }

    private static void validateInteger(JsonNode schema, JsonNode node, String at, List<String> errors) {
        if (!node.isIntegralNumber()) {
            errors.add(at + ": must be an integer");
            return;
        }
        long value = node.asLong();
        if ("int32".equals(schema.path("format").asText()) && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            errors.add(at + ": out of int32 range");
        }
        if (schema.has("minimum") && value < schema.get("minimum").asLong()) {
            errors.add(at + ": below minimum " + schema.get("minimum").asLong());
        }
        if (schema.has("maximum") && value > schema.get("maximum").asLong()) {
            errors.add(at + ": above maximum " + schema.get("maximum").asLong());
        }
    }

    /** What the API server checks in metadata for every object, whatever the CRD says. */
    private static void checkMetadata(JsonNode metadata, List<String> errors) {
        String name = metadata.path("name").asText("");
        if (name.isEmpty() || name.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
            errors.add("metadata.name: '" + name + "' is not a DNS-1123 subdomain");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.path("labels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            if (!qualifiedName(label.getKey())) {
                errors.add("metadata.labels: invalid key '" + label.getKey() + "'");
            }
            String value = label.getValue().asText();
            if (!label.getValue().isTextual() || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
                errors.add("metadata.labels." + label.getKey() + ": invalid value " + label.getValue());
            }
        }
        long annotationBytes = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.path("annotations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> annotation = it.next();
            if (!qualifiedName(annotation.getKey())) {
                errors.add("metadata.annotations: invalid key '" + annotation.getKey() + "'");
            }
            if (!annotation.getValue().isTextual()) {
                errors.add("metadata.annotations." + annotation.getKey() + ": must be a string");
            }
            annotationBytes += annotation.getKey().length() + annotation.getValue().asText().length();
        }
        if (annotationBytes > 256 * 1024) {
            errors.add("metadata.annotations: more than 256 KiB");
        }
    }

    private static boolean qualifiedName(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean prefixOk = prefix == null
                || (prefix.length() <= 253 && DNS_1123_SUBDOMAIN.matcher(prefix).matches());
        return prefixOk && name.length() <= 63 && LABEL_NAME.matcher(name).matches();
    }

    private static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}

package io.mlopsbridge.kfp.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates JSON against Swagger 2.0 schemas of the KFP spec ({@code $ref}, type, format, enum, properties,
 * additionalProperties, items, required). Requests are read the way the KFP server's protojson unmarshaller reads
 * them ({@code DiscardUnknown: false}): unknown fields are errors; int64 may be a number or a decimal string; enums
 * may be names or numbers; null means unset. Responses must look like protojson output ({@code UseProtoNames},
 * unset fields omitted): no nulls, int64 as strings, enums as names, no fields outside the schema.
 */
final class SchemaValidator {
    enum Direction { REQUEST, RESPONSE }

    private final JsonNode definitions;

    SchemaValidator(JsonNode spec) {
        this.definitions = spec.path("definitions");
    }

    void validate(JsonNode value, JsonNode schema, String at, Direction dir, List<String> errors) {
        schema = resolve(schema);
        if (schema == null || schema.isEmpty()) {
            return; // {} is google.protobuf.Value: anything
        }
        if (value == null || value.isNull()) {
            if (dir == Direction.RESPONSE) {
                errors.add(at + ": null (the server omits unset fields)");
            }
            return;
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        if (schema.has("enum")) {
            checkEnum(value, schema.get("enum"), at, dir, errors);
            return;
        }
        switch (type) {
            case "object" -> object(value, schema, at, dir, errors);
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(at + ": expected an array but got " + kind(value));
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    validate(value.get(i), schema.path("items"), at + "[" + i + "]", dir, errors);
                }
            }
            case "string" -> string(value, schema.path("format").asText(""), at, dir, errors);
            case "integer" -> integer(value, at, dir, errors);
            case "number" -> {
                if (!value.isNumber()) {
                    errors.add(at + ": expected a number but got " + kind(value));
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(at + ": expected a boolean but got " + kind(value));
                }
            }
            case "" -> {
                // no type and no properties: any value
            }
            default -> errors.add(at + ": schema type '" + type + "' not understood by the validator");
        }
    }

    private void object(JsonNode value, JsonNode schema, String at, Direction dir, List<String> errors) {
        if (!value.isObject()) {
            errors.add(at + ": expected an object but got " + kind(value));
            return;
        }
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        if (properties == null && additional == null) {
            return; // {"type": "object"} is google.protobuf.Struct: any object
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String where = at + "." + field.getKey();
            if (properties != null && properties.has(field.getKey())) {
                validate(field.getValue(), properties.get(field.getKey()), where, dir, errors);
            } else if (additional != null && !additional.isBoolean()) {
                validate(field.getValue(), additional, where, dir, errors);
            } else if (additional == null || !additional.asBoolean()) {
                errors.add(where + ": unknown field" + (dir == Direction.REQUEST
                        ? " (the KFP server rejects unknown fields)" : " (not in the spec)"));
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                errors.add(at + "." + required.asText() + ": required");
            }
        }
    }

    private static void string(JsonNode value, String format, String at, Direction dir, List<String> errors) {
        if (format.equals("int64")) {
            boolean ok = value.isTextual() ? value.asText().matches("-?\\d+")
                    : dir == Direction.REQUEST && value.isIntegralNumber();
            if (!ok) {
                errors.add(at + ": expected an int64 " + (dir == Direction.RESPONSE ? "as a decimal string" : "")
                        + " but got " + kind(value));
            }
            return;
        }
        if (!value.isTextual()) {
            errors.add(at + ": expected a string but got " + kind(value));
            return;
        }
        if (format.equals("date-time")) {
            try {
                OffsetDateTime.parse(value.asText());
            } catch (DateTimeParseException e) {
                errors.add(at + ": not an RFC 3339 date-time: '" + value.asText() + "'");
            }
        } else if (format.equals("byte")) {
            try {
                Base64.getDecoder().decode(value.asText());
            } catch (IllegalArgumentException e) {
                errors.add(at + ": not base64");
            }
        }
    }

    private static void integer(JsonNode value, String at, Direction dir, List<String> errors) {
        long n;
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            n = value.asLong();
        } else if (dir == Direction.REQUEST && value.isTextual() && value.asText().matches("-?\\d{1,10}")) {
            n = Long.parseLong(value.asText());
        } else {
            errors.add(at + ": expected an int32 but got " + kind(value));
            return;
        }
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            errors.add(at + ": out of int32 range");
        }
    }

    private static void checkEnum(JsonNode value, JsonNode allowed, String at, Direction dir, List<String> errors) {
        if (value.isTextual()) {
            for (JsonNode a : allowed) {
                if (a.asText().equals(value.asText())) {
                    return;
                }
            }
            errors.add(at + ": '" + value.asText() + "' is not one of " + allowed);
        } else if (dir == Direction.REQUEST && value.isIntegralNumber()
                && value.asInt() >= 0 && value.asInt() < allowed.size()) {
            return; // protojson accepts enum numbers on input
        } else {
            errors.add(at + ": expected one of " + allowed + " but got " + kind(value));
        }
    }

    JsonNode resolve(JsonNode schema) {
        int depth = 0;
        while (schema != null && schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/definitions/") || depth++ > 20) {
                throw new IllegalStateException("unsupported $ref " + ref);
            }
            JsonNode target = definitions.get(ref.substring("#/definitions/".length()));
            if (target == null) {
                throw new IllegalStateException("dangling $ref " + ref);
            }
            schema = target;
        }
        return schema;
    }

    private static String kind(JsonNode value) {
        String text = value.toString();
        return value.getNodeType().name().toLowerCase() + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
}

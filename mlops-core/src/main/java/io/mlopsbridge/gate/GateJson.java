package io.mlopsbridge.gate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes a {@link GateVerdict} as JSON. Written field by field rather than by data binding so the field order and
 * the number format (shortest exact decimal; NaN and infinities as strings, which JSON has no numbers for) are fixed
 * by this class, not by a mapper's configuration.
 */
final class GateJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private GateJson() {
    }

    static String write(GateVerdict verdict) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("expression", verdict.expression());
            json.writeBooleanField("passed", verdict.passed());
            json.writeStringField("championAlias", verdict.championAlias());
            json.writeBooleanField("championPresent", verdict.championPresent());
            json.writeArrayFieldStart("clauses");
            for (GateClause clause : verdict.clauses()) {
                json.writeStartObject();
                json.writeStringField("text", clause.text());
                json.writeBooleanField("passed", clause.passed());
                json.writeObjectFieldStart("values");
                for (Map.Entry<String, Double> value : clause.values().entrySet()) {
                    json.writeFieldName(value.getKey());
                    writeNumber(json, value.getValue());
                }
                json.writeEndObject();
                json.writeStringField("note", clause.note());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return out.toString() + "\n";
    }

    private static void writeNumber(JsonGenerator json, double value) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumber(ShortestDouble.format(value));
        } else {
            json.writeString(ShortestDouble.format(value));
        }
    }
}

package io.mlopsbridge.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlopsbridge.core.InputFile;
import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads metrics for a gate from JSON: an object of numbers, {@code {"auc": 0.93, "latency_p95_ms": 41}}, optionally
 * wrapped as {@code {"metrics": {...}}} (what evaluation scripts commonly write).
 */
public final class MetricsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsFile() {
    }

    public static Map<String, Double> read(Path file) {
        InputFile.require(file, "metrics file", "pass the JSON file the training wrote; it is read on the machine"
                + " running this step");
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw MlopsException.input("metrics file " + file + " does not exist",
                    "check the path; it is read on the machine running this step");
        } catch (IOException e) {
            throw MlopsException.input("cannot read metrics file " + file + ": " + e.getMessage(), null);
        }
    }

    static Map<String, Double> parse(InputStream in, String where) throws IOException {
        JsonNode root;
        try (JsonParser json = JSON.createParser(in)) {
            json.nextToken();
            root = tree(json, where);
            if (json.nextToken() != null) {
                throw MlopsException.input("metrics file " + where + " holds more than one JSON value ("
                        + at(json.currentTokenLocation()) + ")", "write one object of numbers, e.g. {\"auc\": 0.93}");
            }
        } catch (JsonProcessingException e) {
            throw MlopsException.input("metrics file " + where + " is not valid JSON (" + at(e.getLocation()) + ")",
                    "write an object of numbers, e.g. {\"auc\": 0.93}");
        }
        if (root != null && root.isObject() && root.size() == 1 && root.path("metrics").isObject()) {
            root = root.get("metrics");
        }
        if (root == null || !root.isObject()) {
            throw MlopsException.input("metrics file " + where + " must hold a JSON object of numbers",
                    "e.g. {\"auc\": 0.93, \"latency_p95_ms\": 41}");
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!field.getValue().isNumber()) {
                throw MlopsException.input("metric '" + field.getKey() + "' in " + where + " is not a number: "
                        + field.getValue(), "write metric values as JSON numbers, e.g. 0.93");
            }
            double value = field.getValue().doubleValue();
            // 1e999 or a 400-digit integer reads as Infinity, which would pass any "metric >= threshold".
            if (!Double.isFinite(value)) {
                throw MlopsException.input("metric '" + field.getKey() + "' in " + where + " is too large for a"
                        + " number (beyond ±1.8e308)", "write the value the evaluation measured, e.g. 0.93; one this"
                        + " large is usually an overflow or a division by zero in the script that wrote the file");
            }
            metrics.put(field.getKey(), value);
        }
        return metrics;
    }

    private static String at(JsonLocation location) {
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /**
     * The value the parser is at, as a tree. Unlike {@code ObjectMapper.readTree}, which keeps the last of two
     * fields with the same name, a name given twice in an object is refused: which of two values of a metric the
     * file meant is not for us to guess.
     */
    private static JsonNode tree(JsonParser json, String where) throws IOException {
        if (json.currentToken() != JsonToken.START_OBJECT) {
            return json.currentToken() == null ? null : json.readValueAsTree();
        }
        ObjectNode object = JSON.createObjectNode();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            json.nextToken();
            if (object.has(name)) {
                throw MlopsException.input("metric '" + name + "' is given twice in " + where,
                        "keep one value per metric (check the script that wrote the file)");
            }
            object.set(name, tree(json, where));
        }
        return object;
    }
}

package io.mlopsbridge.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw MlopsException.input("metrics file " + where + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")",
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
            metrics.put(field.getKey(), field.getValue().doubleValue());
        }
        return metrics;
    }
}

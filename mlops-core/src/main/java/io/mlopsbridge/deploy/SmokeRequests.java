package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.SMOKE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.core.InputFile;
import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests a smoke test sends, read from a JSON file. Three shapes are accepted:
 * <ul>
 *   <li>one request body (an object such as {@code {"inputs": [...]}} or {@code {"dataframe_split": {...}}});</li>
 *   <li>an array of request bodies;</li>
 *   <li>{@code {"requests": [...], "repeat": 10}}: the bodies, each sent {@code repeat} times, so that latency
 *       percentiles rest on more than a handful of samples.</li>
 * </ul>
 *
 * @param bodies request bodies as JSON text, in file order
 * @param repeat how often the whole list is sent
 */
public record SmokeRequests(List<String> bodies, int repeat) implements Serializable {
    /** The smoke test must stay a smoke test: a few hundred requests, not a load test. */
    public static final int MAX_REQUESTS = 1000;
    /** The requests travel with the rollout record, which lives in a ConfigMap (1 MiB at most). */
    public static final long MAX_FILE_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    public SmokeRequests {
        bodies = List.copyOf(bodies);
        if (bodies.isEmpty()) {
            throw MlopsException.input("smoke requests: no requests", "put at least one request body in the file");
        }
        if (repeat < 1 || (long) repeat * bodies.size() > MAX_REQUESTS) {
            throw MlopsException.input("smoke requests: " + bodies.size() + " requests x repeat " + repeat
                    + " is outside 1.." + MAX_REQUESTS, "a smoke test needs a few requests, not a load test");
        }
    }

    public static SmokeRequests read(Path file) {
        InputFile.require(file, "smoke requests: file", "pass a JSON file with the request bodies (" + SMOKE + ")");
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw MlopsException.input("smoke requests: '" + file + "' is larger than " + MAX_FILE_BYTES / 1024
                        + " KiB", "send a few representative rows; use repeat for more samples");
            }
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw MlopsException.input("smoke requests: cannot read '" + file + "': " + e.getMessage(),
                    "check the file's permissions");
        }
    }

    static SmokeRequests parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw MlopsException.input("smoke requests: '" + source + "' is not JSON: "
                    + e.getOriginalMessage(), "the file holds a request body, an array of them, or"
                    + " {\"requests\": [...], \"repeat\": N}");
        }
        if (root == null || !(root.isObject() || root.isArray())) {
            throw MlopsException.input("smoke requests: '" + source + "' holds no request object",
                    "the file holds a request body, an array of them, or {\"requests\": [...], \"repeat\": N}");
        }
        int repeat = 1;
        JsonNode list = root;
        if (root.isObject() && root.has("requests")) {
            list = root.get("requests");
            repeat = root.path("repeat").asInt(1);
            if (!list.isArray()) {
                throw MlopsException.input("smoke requests: 'requests' in '" + source + "' is not an array",
                        "write {\"requests\": [{...}, {...}]}");
            }
        }
        List<String> bodies = new ArrayList<>();
        if (list.isArray()) {
            for (JsonNode body : list) {
                if (!body.isObject()) {
                    throw MlopsException.input("smoke requests: request " + (bodies.size() + 1) + " in '" + source
                            + "' is not a JSON object", "each request body is an object");
                }
                bodies.add(body.toString());
            }
        } else {
            bodies.add(list.toString());
        }
        return new SmokeRequests(bodies, repeat);
    }

    public int total() {
        return bodies.size() * repeat;
    }
}

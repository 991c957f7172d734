package io.mlopsbridge.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.http.HttpSettings;
import io.mlopsbridge.http.HttpStack;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends the smoke requests to a freshly deployed endpoint, one after another, and measures errors and latency.
 * Requests are not retried: a retry would hide exactly the failures a smoke test is there to find.
 */
public final class SmokeTest {
    /** How many error messages are kept for the log; the count covers all of them. */
    static final int ERROR_SAMPLES = 3;
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient http;

    private SmokeTest(OkHttpClient http) {
        this.http = http;
    }

    /**
     * 5 s to connect, 30 s per answer: a model server that needs longer for one row of input is not healthy, and
     * the latency gate would fail it anyway.
     */
    public static SmokeTest withDefaults() {
        return with(HttpSettings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)),
                Credentials.none());
    }

    /** With other timeouts, or credentials for an endpoint behind authentication. */
    public static SmokeTest with(HttpSettings settings, Credentials credentials) {
        return new SmokeTest(HttpStack.client(settings.withMaxAttempts(1), credentials));
    }

    /**
     * @param baseUrl   the endpoint's root, e.g. {@code http://fraud.models.example.com}
     * @param modelName the name the model is served under (the InferenceService name for KServe)
     */
    public SmokeOutcome run(String baseUrl, String modelName, SmokeProtocol protocol, SmokeRequests requests) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String url = baseUrl.replaceFirst("/+$", "") + protocol.path(modelName);
        List<Double> latencies = new ArrayList<>();
        List<String> errorSamples = new ArrayList<>();
        int errors = 0;
        for (int round = 0; round < requests.repeat(); round++) {
            for (int i = 0; i < requests.bodies().size(); i++) {
                String error = null;
                long start = System.nanoTime();
                Request request = new Request.Builder().url(url)
                        .post(RequestBody.create(requests.bodies().get(i), JSON_TYPE)).build();
                try (Response response = http.newCall(request).execute()) {
                    String body = response.body().string();
                    if (!response.isSuccessful()) {
                        error = "HTTP " + response.code() + ": " + abbreviate(body);
                    } else if (!isAnswer(protocol, body)) {
                        error = "HTTP " + response.code() + " without a prediction: " + abbreviate(body);
                    }
                } catch (IOException e) {
                    error = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
                latencies.add((System.nanoTime() - start) / 1e6);
                if (error != null) {
                    errors++;
                    if (errorSamples.size() < ERROR_SAMPLES) {
                        errorSamples.add("request " + (i + 1) + ": " + error);
                    }
                }
            }
        }
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new SmokeOutcome(sorted.length, errors, nearestRank(sorted, 50), nearestRank(sorted, 95),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], errorSamples);
    }

    private static boolean isAnswer(SmokeProtocol protocol, String body) {
        try {
            JsonNode tree = JSON.readTree(body);
            return tree != null && protocol.isAnswer(tree);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The nearest-rank percentile: the smallest sample with at least {@code p} % of samples at or below it. With
     * the few samples of a smoke test, interpolating between samples would report latencies nobody measured.
     */
    static double nearestRank(double[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static String abbreviate(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}

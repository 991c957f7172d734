package io.mlopsbridge.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.OneLine;
import io.mlopsbridge.http.Idempotency;
import java.io.IOException;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * JSON calls to {@code /api/2.0/mlflow/...}: GET parameters in the query string, every other method with a JSON
 * body (MLflow reads DELETE parameters from the body too), answers parsed leniently (unknown fields ignored).
 */
final class MlflowRest {
    static final MediaType JSON = MediaType.get("application/json");

    /** Snake-case field names as in MLflow's protos; unknown fields ignored so newer servers parse. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.NON_NULL))
            .build();

    private final OkHttpClient http;
    private final HttpUrl base;
    private final MlflowErrors errors;

    MlflowRest(OkHttpClient http, HttpUrl base, String displayUri) {
        this.http = http;
        this.base = base;
        this.errors = new MlflowErrors(displayUri, MAPPER);
    }

    OkHttpClient http() {
        return http;
    }

    MlflowErrors errors() {
        return errors;
    }

    HttpUrl url(String path) {
        return base.newBuilder().addPathSegments(path).build();
    }

    JsonNode get(String endpoint, Map<String, ?> query) {
        HttpUrl.Builder url = url("api/2.0/mlflow/" + endpoint).newBuilder();
        query.forEach((k, v) -> {
            if (v instanceof Iterable<?> values) {
                values.forEach(item -> url.addQueryParameter(k, String.valueOf(item)));
            } else if (v != null) {
                url.addQueryParameter(k, String.valueOf(v));
            }
        });
        return call(endpoint, new Request.Builder().url(url.build()).get().build());
    }

    /** POST that may be repeated safely (set a tag, move an alias, create-or-reuse). */
    JsonNode post(String endpoint, Map<String, ?> body) {
        return send("POST", endpoint, body, Idempotency.REPEATABLE);
    }

    /** POST that creates something new each time it reaches the server (a run, a model version). */
    JsonNode postOnce(String endpoint, Map<String, ?> body) {
        return send("POST", endpoint, body, Idempotency.ONCE);
    }

    JsonNode patch(String endpoint, Map<String, ?> body) {
        return send("PATCH", endpoint, body, Idempotency.REPEATABLE);
    }

    JsonNode delete(String endpoint, Map<String, ?> body) {
        return send("DELETE", endpoint, body, Idempotency.REPEATABLE);
    }

    private JsonNode send(String method, String endpoint, Map<String, ?> body, Idempotency idempotency) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode request for " + endpoint, e);
        }
        Request request = new Request.Builder()
                .url(url("api/2.0/mlflow/" + endpoint))
                .method(method, RequestBody.create(bytes, JSON))
                .tag(Idempotency.class, idempotency)
                .build();
        return call(endpoint, request);
    }

    JsonNode call(String endpoint, Request request) {
        try (Response response = http.newCall(request).execute()) {
            String text = bodyText(response);
            if (!response.isSuccessful()) {
                throw errors.fromResponse(endpoint, response, text);
            }
            if (text.isBlank()) {
                return MAPPER.createObjectNode();
            }
            try {
                return MAPPER.readTree(text);
            } catch (IOException e) {
                throw MlopsException.remote("MLflow at " + base + " answered " + endpoint
                        + " with something that is not JSON", "check that the tracking URI points at MLflow",
                        "HTTP " + response.code(), null);
            }
        } catch (IOException e) {
            throw errors.fromIo(endpoint, e);
        }
    }

    private static String bodyText(Response response) throws IOException {
        ResponseBody body = response.body();
        return body == null ? "" : body.string();
    }

    <T> T read(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            throw MlopsException.remote("MLflow answered with an unexpected " + type.getSimpleName() + ": "
                    + OneLine.of(e.getMessage()), "is the server an MLflow 3 server?", null, e);
        }
    }
}

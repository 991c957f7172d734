package io.mlopsbridge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Stands in for a served model: answers the Open Inference Protocol's infer call (KServe) and MLflow's
 * {@code /invocations}, either healthily or with the error a model server gives when the model cannot handle the
 * input.
 */
public final class FakeModelServer implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean healthy = true;

    public FakeModelServer(String modelName) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.incrementAndGet();
                String path = request.getUrl().encodedPath();
                if (path.equals("/invocations")) {
                    return healthy
                            ? new MockResponse.Builder().code(200).body("{\"predictions\": [0]}").build()
                            : new MockResponse.Builder().code(400).body("{\"error_code\": \"BAD_REQUEST\"}").build();
                }
                if (!("/v2/models/" + modelName + "/infer").equals(path)) {
                    return new MockResponse.Builder().code(404).body("{\"error\": \"Model not found\"}").build();
                }
                if (!healthy) {
                    return new MockResponse.Builder().code(500)
                            .body("{\"error\": \"ValueError: X has 3 features, but model expects 4\"}").build();
                }
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                        .body("{\"model_name\": \"" + modelName + "\", \"outputs\": [{\"name\": \"output-1\","
                                + " \"shape\": [1], \"datatype\": \"INT64\", \"data\": [0]}]}").build();
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return server.url("/").toString().replaceFirst("/$", "");
    }

    public void breakModel() {
        healthy = false;
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.close();
    }
}

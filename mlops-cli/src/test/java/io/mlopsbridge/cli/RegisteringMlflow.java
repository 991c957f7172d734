package io.mlopsbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * An MLflow server as {@code mlops register} sees it: it knows one finished training run with a model under
 * {@code model/} and the registered model {@value #MODEL} without aliases, creates version 1 from the create request
 * it is sent, and answers every other write with success. Either the new version stays PENDING_REGISTRATION (a
 * server still copying large artifacts, {@link #pendingForever()}), or it is READY at once and the first tag written
 * on it is held until the test lets it be answered ({@link #readyHoldingFirstVersionTag()}). It records each request
 * as {@code METHOD path}, so that a test can say what the command wrote.
 */
final class RegisteringMlflow implements AutoCloseable {
    static final String MODEL = "fraud-detector";
    static final String RUN_ID = "5f1c0a9e2b7d4c3a8e6f1b0d9c8a7e65";
    private static final long CREATED_MS = 1_786_000_000_000L;
    private static final ObjectMapper JSON = CliContext.json();

    private final MockWebServer server = new MockWebServer();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch readyPolled = new CountDownLatch(1);
    private final CountDownLatch tagHeld = new CountDownLatch(1);
    private final CountDownLatch tagReleased = new CountDownLatch(1);
    private final boolean ready;
    private volatile JsonNode created;

    private RegisteringMlflow(boolean ready) throws IOException {
        this.ready = ready;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                String path = request.getUrl().encodedPath();
                requests.add(request.getMethod() + " " + path);
                if (ready && path.endsWith("/model-versions/set-tag") && tagHeld.getCount() > 0) {
                    tagHeld.countDown();
                    tagReleased.await(30, TimeUnit.SECONDS); // bounds a hang only
                }
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                        .body(answer(path, request)).build();
            }
        });
        server.start();
    }

    /** New versions stay PENDING_REGISTRATION. */
    static RegisteringMlflow pendingForever() throws IOException {
        return new RegisteringMlflow(false);
    }

    /** New versions are READY at once; the first tag written on one waits for {@link #releaseHeldTag()}. */
    static RegisteringMlflow readyHoldingFirstVersionTag() throws IOException {
        return new RegisteringMlflow(true);
    }

    /** True once the first version tag has arrived and is being held. */
    boolean awaitHeldTag(long seconds) throws InterruptedException {
        return tagHeld.await(seconds, TimeUnit.SECONDS);
    }

    /** Lets the held tag be answered. */
    void releaseHeldTag() {
        tagReleased.countDown();
    }

    String trackingUri() {
        return server.url("/").toString();
    }

    /** Every request so far, e.g. {@code POST /api/2.0/mlflow/model-versions/create}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** True once the command asked for the new version's status, that is, waits for it to become READY. */
    boolean awaitReadyPoll(long seconds) throws InterruptedException {
        return readyPolled.await(seconds, TimeUnit.SECONDS);
    }

    private String answer(String path, RecordedRequest request) {
        if (path.endsWith("/runs/get")) {
            return """
                    {"run": {"info": {"run_id": "%1$s", "experiment_id": "1", "run_name": "train-131",
                      "status": "FINISHED", "start_time": 1785999400000, "end_time": 1785999700000,
                      "artifact_uri": "mlflow-artifacts:/1/%1$s/artifacts", "lifecycle_stage": "active"},
                     "data": {"metrics": [{"key": "auc", "value": 0.951, "timestamp": 1785999690000, "step": 0}],
                      "params": [{"key": "n_estimators", "value": "200"}], "tags": []}}}""".formatted(RUN_ID);
        }
        if (path.endsWith("/mlflow-artifacts/artifacts")) {
            return """
                    {"files": [{"path": "MLmodel", "is_dir": false, "file_size": 512},
                               {"path": "model.pkl", "is_dir": false, "file_size": 1048576}]}""";
        }
        if (path.endsWith("/registered-models/get")) {
            return """
                    {"registered_model": {"name": "%s", "creation_timestamp": %d, "aliases": []}}"""
                    .formatted(MODEL, CREATED_MS);
        }
        if (path.endsWith("/model-versions/create")) {
            created = newVersion(request.getBody().utf8(), ready ? "READY" : "PENDING_REGISTRATION");
            return "{\"model_version\": " + created + "}";
        }
        if (path.endsWith("/model-versions/search")) {
            return created == null ? "{}" : "{\"model_versions\": [" + created + "]}";
        }
        if (path.endsWith("/model-versions/get")) {
            readyPolled.countDown();
            return "{\"model_version\": " + created + "}";
        }
        return "{}";
    }

    /** Version 1 as MLflow answers a create: the request's name, source, run and tags, in {@code status}. */
    private static JsonNode newVersion(String createRequest, String status) {
        try {
            ObjectNode version = (ObjectNode) JSON.readTree(createRequest);
            version.put("version", "1").put("creation_timestamp", CREATED_MS + 60_000)
                    .put("status", status);
            return version;
        } catch (IOException e) {
            throw new IllegalStateException("model-versions/create sent no JSON: " + createRequest, e);
        }
    }

    @Override
    public void close() throws IOException {
        releaseHeldTag();
        server.close();
    }
}

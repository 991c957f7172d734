package io.mlopsbridge.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
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
 * An MLflow server for one training run, in-process, that holds back its answer to one endpoint (e.g.
 * {@code runs/create}), if any, until the test releases it: the request has arrived and MLflow has acted on it, and the client
 * is waiting for the answer. Answers as MLflow 3 does for an existing experiment, a created run, a run update and a
 * run read (which reports the status of the last update), and records every request with its body, so a test asserts
 * on what MLflow was actually told.
 */
public final class HoldingMlflow implements AutoCloseable {
    public static final String EXPERIMENT_ID = "412";
    public static final String RUN_ID = "5d2f9a0c81e34b6f9a7c2e1b0d4f8a63";

    /** One request as MLflow received it: {@code runs/update}, and its JSON body (empty for a GET). */
    public record Received(String endpoint, JsonNode body) {
        public String field(String name) {
            return body.path(name).asText(null);
        }
    }

    private final MockWebServer server = new MockWebServer();
    private final String heldEndpoint;
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile String status = "RUNNING";

    private HoldingMlflow(String heldEndpoint) {
        this.heldEndpoint = heldEndpoint;
    }

    /** Started on a loopback port, holding the answer to {@code endpoint} (e.g. {@code runs/update}). */
    public static HoldingMlflow holding(String endpoint) throws IOException {
        HoldingMlflow mlflow = new HoldingMlflow(endpoint);
        mlflow.server.setDispatcher(mlflow.dispatcher());
        mlflow.server.start();
        return mlflow;
    }

    /** Started on a loopback port, answering every request at once. */
    public static HoldingMlflow answering() throws IOException {
        return holding(null);
    }

    /** Its tracking URI. */
    public String url() {
        return server.url("/").toString();
    }

    /** A client with the default settings, as the front ends build it. */
    public MlflowClient client() {
        return new MlflowClient(MlflowConfig.of(url()));
    }

    /** Waits (a 30 s hang guard) until the held request has arrived. */
    public void awaitHeld() throws InterruptedException {
        if (!arrived.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError(heldEndpoint + " never arrived; received " + received);
        }
    }

    /** Lets the held request be answered. */
    public void release() {
        released.countDown();
    }

    /** Waits (a 30 s hang guard) until a request to {@code endpoint} has arrived, for work that goes on unwaited. */
    public void awaitReceived(String endpoint) throws InterruptedException {
        synchronized (received) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.stream().noneMatch(r -> r.endpoint().equals(endpoint))) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(endpoint + " never arrived; received " + received);
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
        }
    }

    /** Every request received so far, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        release();
        server.close();
    }

    private Dispatcher dispatcher() {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                String endpoint = request.getUrl().encodedPath().replaceFirst("^/api/2.0/mlflow/", "");
                JsonNode body = parse(request);
                synchronized (received) {
                    received.add(new Received(endpoint, body));
                    received.notifyAll();
                }
                String answer = answer(endpoint, body);
                if (endpoint.equals(heldEndpoint)) { // null: nothing held
                    arrived.countDown();
                    released.await(30, TimeUnit.SECONDS);
                }
                return answer == null
                        ? new MockResponse.Builder().code(404).body("{\"error_code\": \"ENDPOINT_NOT_FOUND\"}").build()
                        : new MockResponse.Builder().setHeader("Content-Type", "application/json").body(answer)
                                .build();
            }
        };
    }

    /** MLflow's answer; acts (a status change) before the answer is held, as the real server would. */
    private String answer(String endpoint, JsonNode body) {
        return switch (endpoint) {
            case "experiments/get-by-name" -> "{\"experiment\": {\"experiment_id\": \"" + EXPERIMENT_ID
                    + "\", \"name\": \"" + body.path("experiment_name").asText()
                    + "\", \"artifact_location\": \"mlflow-artifacts:/" + EXPERIMENT_ID
                    + "\", \"lifecycle_stage\": \"active\"}}";
            case "runs/create" -> "{\"run\": {\"info\": " + runInfo() + ", \"data\": {\"tags\": "
                    + body.path("tags") + "}}}";
            case "runs/update" -> {
                status = body.path("status").asText();
                yield "{\"run_info\": " + runInfo() + "}";
            }
            case "runs/get" -> "{\"run\": {\"info\": " + runInfo() + ", \"data\": {\"metrics\": [{\"key\": \"auc\", "
                    + "\"value\": 0.91, \"timestamp\": 1764931260000, \"step\": 0}]}}}";
            default -> null;
        };
    }

    private String runInfo() {
        return "{\"run_id\": \"" + RUN_ID + "\", \"run_uuid\": \"" + RUN_ID + "\", \"experiment_id\": \""
                + EXPERIMENT_ID + "\", \"run_name\": \"build-17\", \"user_id\": \"jenkins\", \"status\": \"" + status
                + "\", \"start_time\": 1764931200000, \"artifact_uri\": \"mlflow-artifacts:/" + EXPERIMENT_ID + "/"
                + RUN_ID + "/artifacts\", \"lifecycle_stage\": \"active\"}";
    }

    private static JsonNode parse(RecordedRequest request) {
        try {
            String text = request.getBody() == null ? "" : request.getBody().utf8();
            return MlflowRest.MAPPER.readTree(text.isEmpty() ? "{}" : text);
        } catch (IOException e) {
            throw new IllegalStateException("MLflow got a body that is not JSON", e);
        }
    }
}

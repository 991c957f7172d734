package io.mlopsbridge.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.lineage.LineageTags;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * A cancel (Ctrl-C of {@code mlops promote}, a CI system's SIGTERM) that arrives once the alias move has begun does
 * not abandon it half-way: the move is read back and its record written, so no pending tag is left behind. The
 * stand-in MLflow holds the move ({@code registered-models/alias}) until the test has cancelled.
 */
class PromoteCancelledDuringMoveTest {
    private static final String PENDING_TAG = AliasRecord.pendingTag("champion");

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch moveSent = new CountDownLatch(1);
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private volatile boolean moved;

    @Test
    void aCancelWhileTheAliasMovesLetsTheMoveAndItsRecordFinish() throws Exception {
        try (MockWebServer mlflow = new MockWebServer()) {
            mlflow.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    return answer(request);
                }
            });
            mlflow.start();
            PromoteModel promote = new PromoteModel(new MlflowClient(MlflowConfig.of(mlflow.url("/").toString())),
                    BuildLog.silent());
            Cancellation cancellation = Cancellation.create();
            CompletableFuture<AliasMove> promoting = CompletableFuture.supplyAsync(() -> promote.promote(
                    PromoteRequest.version("fraud-detector", "3").withBuild(BuildInfo.none()), cancellation));

            assertThat(moveSent.await(10, TimeUnit.SECONDS)).as("the alias move was sent").isTrue();
            cancellation.cancel("SIGTERM");
            cancelled.countDown();

            AliasMove move = promoting.get(10, TimeUnit.SECONDS);
            assertThat(move.changed()).isTrue();
            assertThat(move.previousVersion()).isEqualTo("2");
            assertThat(requests).as("the record written and the pending tag removed after the cancel")
                    .contains("set-tag " + LineageTags.PROMOTED_FROM, "delete-tag " + PENDING_TAG);
        }
    }

    private MockResponse answer(RecordedRequest request) throws InterruptedException {
        String path = request.getUrl().encodedPath();
        if (path.endsWith("/registered-models/get")) {
            requests.add("get model");
            return json("""
                    {"registered_model": {"name": "fraud-detector", "creation_timestamp": 1786000000000,
                     "aliases": [{"alias": "champion", "version": "%s"}, {"alias": "previous-champion",
                     "version": "1"}]}}""".formatted(moved ? "3" : "2"));
        }
        if (path.endsWith("/model-versions/get")) {
            requests.add("get version");
            return json("""
                    {"model_version": {"name": "fraud-detector", "version": "3", "status": "READY",
                     "run_id": "5f1c0a9e2b7d4c3a8e6f1b0d9c8a7e65", "source": "models:/m-0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                     "tags": [{"key": "mlops.gate.verdict", "value": "passed"}]}}""");
        }
        if (path.endsWith("/registered-models/alias") && "POST".equals(request.getMethod())) {
            String body = request.getBody().utf8();
            if (body.contains("\"alias\":\"champion\"")) {
                requests.add("move champion");
                moveSent.countDown();
                cancelled.await(10, TimeUnit.SECONDS); // MLflow answers only after the cancel
                moved = true;
            } else {
                requests.add("set previous-champion");
            }
            return json("{}");
        }
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        String key = body.replaceAll("(?s).*\"key\":\"([^\"]+)\".*", "$1");
        if (path.endsWith("/model-versions/set-tag")) {
            requests.add("set-tag " + key);
        } else if (path.endsWith("/model-versions/delete-tag")) {
            requests.add("delete-tag " + key);
        } else {
            requests.add(request.getMethod() + " " + path);
        }
        return json("{}");
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }
}

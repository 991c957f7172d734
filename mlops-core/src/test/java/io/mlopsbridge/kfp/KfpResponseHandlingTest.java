package io.mlopsbridge.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.HttpSettings;
import io.mlopsbridge.wait.Poller;
import io.mlopsbridge.wait.RecordingLog;
import io.mlopsbridge.wait.WaitHandle;
import io.mlopsbridge.wait.WaitPolicy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Answers the swagger-checked fake KFP server cannot give, because KFP never gives them: what sits in front of it
 * (Kubeflow's dex / oauth2-proxy login page) answering in its place, or a run state newer than its swagger; and requests to a KFP behind a path prefix,
 * which the fake, serving at its root, cannot check.
 */
class KfpResponseHandlingTest {
    @Test
    void aLoginPageAnsweredWith200IsReportedAsNotFromTheKfpApiSayingWhatToPointAt() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
                    .body("<!DOCTYPE html>\n<html><head><title>Log in to Kubeflow</title></head><body>"
                            + "<form action=\"/dex/auth/local/login\"></form></body></html>").build());
            KfpClient client = clientOf(server, "/pipeline");

            MlopsException e = catchThrowableOfType(MlopsException.class, () -> client.findPipeline("fraud-detection"));

            assertThat(e.kind()).isEqualTo(ErrorKind.REMOTE);
            assertThat(e.getMessage()).isEqualTo("KFP find pipeline 'fraud-detection': " + server.url("/pipeline")
                    + " answered with an HTML page (text/html; charset=utf-8), not the KFP API's JSON");
            assertThat(e.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("login page")
                    .contains("point --kfp-url at the KFP API").contains("--kfp-token-file or $KFP_TOKEN"));
        }
    }

    @Test
    void anyNumberOfTrailingSlashesOnTheKfpUrlGivesTheSameRequestPaths() throws Exception {
        // "http://host/pipeline//" is what a pasted URL plus a joined "/" easily becomes; KFP behind a proxy that
        // does not merge slashes answers "//apis" with its UI page or a 404.
        List<String> paths = new ArrayList<>();
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            for (String slashes : List.of("", "/", "//", "///")) {
                server.enqueue(jsonAnswer("{\"multi_user\": false, \"pipeline_store\": \"database\"}"));
                KfpClient client = new KfpClient(KfpConfig.of(server.url("/pipeline").toString() + slashes)
                        .withHttp(HttpSettings.defaults().withMaxAttempts(1)));
                client.healthz();
                paths.add(server.takeRequest().getUrl().encodedPath());
            }
        }

        assertThat(paths).containsOnly("/pipeline/apis/v2beta1/healthz");
    }

    @Test
    void aRunStateTheClientDoesNotKnowIsShownAsTheServerSaidIt() throws Exception {
        // A newer KFP may add states; the wait goes on (such a state is not final), but the build log and the
        // timeout message should say what KFP said rather than UNKNOWN.
        RecordingLog log = new RecordingLog();
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(jsonAnswer("{\"run_id\": \"5b1c\", \"state\": \"WAITING_FOR_GPU\"}"));
            KfpClient client = clientOf(server, "/");
            WaitPolicy policy = WaitPolicy.withDefaults().withTimeout(Duration.ofHours(2)).withCancelOnDeadline(false);
            Instant submitted = Instant.parse("2026-03-02T08:00:00Z");
            WaitHandle handle = WaitHandle.start("5b1c", policy, Clock.fixed(submitted, ZoneOffset.UTC));
            Clock pastTheDeadline = Clock.fixed(submitted.plus(Duration.ofHours(3)), ZoneOffset.UTC);

            MlopsException e = catchThrowableOfType(MlopsException.class,
                    () -> new Poller<>(new KfpRunWaiter(client), policy, log, pastTheDeadline).pollOnce(handle));

            assertThat(log.lines).containsExactly("KFP run 5b1c: WAITING_FOR_GPU");
            assertThat(e.getMessage())
                    .isEqualTo("KFP run 5b1c did not finish within the timeout of 2h (last state WAITING_FOR_GPU)");
        }
    }

    @Test
    void unreadableJsonNamesTheCallAndTheServerWithJacksonsReasonInOneLine() throws IOException {
        // A proxy that cuts the body off (or a server of another kind answering JSON) must be traceable to the call.
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(jsonAnswer("{\"runs\": ["));
            KfpClient client = clientOf(server, "/pipeline");

            MlopsException e = catchThrowableOfType(MlopsException.class, () -> client.listRuns("e7a0", null, 20));

            assertThat(e.kind()).isEqualTo(ErrorKind.REMOTE);
            assertThat(e.getMessage()).isEqualTo("KFP list runs: " + server.url("/pipeline")
                    + " answered with unreadable JSON: Unexpected end-of-input: expected close marker for Array");
        }
    }

    @Test
    void aTaskStateTheClientDoesNotKnowIsShownAsTheServerSaidIt() throws Exception {
        // As for the run's own state: the log line says what KFP said rather than UNKNOWN.
        RecordingLog log = new RecordingLog();
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(jsonAnswer("{\"run_id\": \"5b1c\", \"state\": \"RUNNING\", \"run_details\": {"
                    + "\"task_details\": [{\"task_id\": \"t1\", \"display_name\": \"train-model\","
                    + " \"state\": \"WAITING_FOR_GPU\"}]}}"));
            KfpClient client = clientOf(server, "/");
            WaitPolicy policy = WaitPolicy.withDefaults().withTimeout(Duration.ofHours(2));
            Clock clock = Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneOffset.UTC);
            WaitHandle handle = WaitHandle.start("5b1c", policy, clock);

            new Poller<>(new KfpRunWaiter(client), policy, log, clock).pollOnce(handle);

            assertThat(log.lines)
                    .containsExactly("KFP run 5b1c: RUNNING", "KFP run 5b1c: task train-model WAITING_FOR_GPU");
        }
    }

    private static MockResponse jsonAnswer(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    /** A client of the server at {@code path} that tries each call once. */
    private static KfpClient clientOf(MockWebServer server, String path) {
        return new KfpClient(KfpConfig.of(server.url(path).toString())
                .withHttp(HttpSettings.defaults().withMaxAttempts(1)));
    }
}

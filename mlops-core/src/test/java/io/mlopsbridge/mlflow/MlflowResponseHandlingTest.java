package io.mlopsbridge.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.http.RefusingLoopbackPort;
import io.mlopsbridge.http.HttpSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers that a real MLflow server does not give on demand: a proxy's HTML error page, a dropped connection, a
 * busy server. The wire-level fake plays the part of what sits between us and MLflow.
 */
class MlflowResponseHandlingTest {
    private static final HttpSettings FAST = HttpSettings.defaults()
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5));

    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MlflowClient client(Credentials credentials, HttpSettings settings) {
        return new MlflowClient(new MlflowConfig(server.url("/").uri(), credentials, settings));
    }

    private static NewModelVersion version() {
        return new NewModelVersion("fraud", "mlflow-artifacts:/1/abc/artifacts/model", "abc", null, null, null);
    }

    @Test
    void htmlErrorPageFromAProxyIsReportedAsNotFromMlflow() {
        server.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
                .body("<html><body>Bad Gateway</body></html>").build());
        MlflowClient mlflow = client(Credentials.none(), FAST.withMaxAttempts(1));

        assertThatThrownBy(() -> mlflow.getRun("abc"))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.getMessage()).contains("HTTP 502").contains("not from MLflow").contains("text/html")
                            .doesNotContain("<html>");
                    assertThat(e.remoteCode()).contains("HTTP 502");
                });
    }

    @Test
    void serverErrorIsRetriedForReadsUntilItAnswers() {
        server.enqueue(new MockResponse.Builder().code(500)
                .body("{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"db locked\"}").build());
        server.enqueue(new MockResponse.Builder().code(200).body("{\"model_version\": {\"name\": \"fraud\", "
                + "\"version\": \"3\", \"status\": \"READY\"}}").build());

        ModelVersion version = client(Credentials.none(), FAST).getModelVersion("fraud", "3");

        assertThat(version.isReady()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void createModelVersionIsNotRepeatedAfterAServerError() {
        server.enqueue(new MockResponse.Builder().code(500)
                .body("{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"boom\"}").build());

        assertThatThrownBy(() -> client(Credentials.none(), FAST).createModelVersion(version()))
                .isInstanceOfSatisfying(MlopsException.class,
                        e -> assertThat(e.remoteCode()).contains("INTERNAL_ERROR"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void createModelVersionIsNotRepeatedWhenTheConnectionDropsAfterSending() {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
                .build());
        server.enqueue(new MockResponse.Builder().code(200)
                .body("{\"model_version\": {\"name\": \"fraud\", \"version\": \"2\"}}").build());

        assertThatThrownBy(() -> client(Credentials.none(), FAST).createModelVersion(version()))
                .isInstanceOfSatisfying(MlopsException.class,
                        e -> assertThat(e.remoteCode()).contains(MlflowErrorCode.CONNECTION_FAILED));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void createModelVersionOnAReusedConnectionIsNotRepeatedWhenTheConnectionDrops() {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"registered_model\": {\"name\": \"fraud\"}}")
                .build());
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
                .build());
        server.enqueue(new MockResponse.Builder().code(200)
                .body("{\"model_version\": {\"name\": \"fraud\", \"version\": \"2\"}}").build());
        MlflowClient mlflow = client(Credentials.none(), FAST);
        mlflow.getRegisteredModel("fraud"); // leaves a pooled keep-alive connection for the create to reuse

        assertThatThrownBy(() -> mlflow.createModelVersion(version()))
                .isInstanceOfSatisfying(MlopsException.class,
                        e -> assertThat(e.remoteCode()).contains(MlflowErrorCode.CONNECTION_FAILED));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void createModelVersionIsRetriedWhenTheServerSaysItIsBusy() {
        server.enqueue(new MockResponse.Builder().code(503)
                .body("{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\": \"busy\"}").build());
        server.enqueue(new MockResponse.Builder().code(200)
                .body("{\"model_version\": {\"name\": \"fraud\", \"version\": \"1\"}}").build());

        assertThat(client(Credentials.none(), FAST).createModelVersion(version()).version()).isEqualTo("1");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void invalidParameterIsNotRetried() {
        server.enqueue(new MockResponse.Builder().code(400).body("{\"error_code\": \"INVALID_PARAMETER_VALUE\", "
                + "\"message\": \"Invalid model name 'a/b'.\\nmore detail\"}").build());

        assertThatThrownBy(() -> client(Credentials.none(), FAST).getRegisteredModel("a/b"))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(
                            "MLflow registered-models/get: Invalid model name 'a/b'. (INVALID_PARAMETER_VALUE)");
                    assertThat(e.hint()).isPresent();
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void unauthorizedIsAnAuthenticationErrorWithoutTheSecret() throws InterruptedException {
        server.enqueue(new MockResponse.Builder().code(401).setHeader("WWW-Authenticate", "Basic realm=\"mlflow\"")
                .body("You are not authenticated.").build());

        assertThatThrownBy(() -> client(Credentials.basic("ci-bot", "s3cr3t-pass"), FAST).getRun("abc"))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.remoteCode()).contains(MlflowErrorCode.UNAUTHENTICATED);
                    assertThat(e.oneLine()).contains("rejected the credentials").doesNotContain("s3cr3t-pass");
                });
        assertThat(server.takeRequest().getHeaders().get("Authorization")).startsWith("Basic ");
    }

    @Test
    void unauthorizedTellsAJenkinsUserToCheckTheCredentialParameterNotEnvironmentVariables() {
        server.enqueue(new MockResponse.Builder().code(401).body("You are not authenticated.").build());

        assertThatThrownBy(() -> client(Credentials.basic("ci-bot", "s3cr3t-pass"), FAST).getRun("abc"))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("MLFLOW_TRACKING_TOKEN"));
                    assertThat(e.oneLine(InputNaming.STEP_PARAMETERS)).contains("mlflowCredentialsId")
                            .doesNotContain("MLFLOW_TRACKING_");
                });
    }

    @Test
    void bearerTokenIsSentAsAuthorizationHeader() throws InterruptedException {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"run\": {\"info\": {\"run_id\": \"abc\"}}}")
                .build());

        client(Credentials.bearer("tok-123"), FAST).getRun("abc");

        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer tok-123");
    }

    @Test
    void deleteAliasSendsItsParametersAsJsonBody() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());

        client(Credentials.none(), FAST).deleteAlias("fraud", "champion");

        var request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(MlflowRest.MAPPER.readTree(request.getBody().utf8()))
                .isEqualTo(MlflowRest.MAPPER.readTree("{\"name\": \"fraud\", \"alias\": \"champion\"}"));
    }

    @Test
    void unreachableServerIsOneLineCannotReach() throws IOException {
        try (RefusingLoopbackPort refusing = RefusingLoopbackPort.open()) {
            int port = refusing.port();
            MlflowClient mlflow = new MlflowClient(new MlflowConfig(
                    java.net.URI.create("http://127.0.0.1:" + port), Credentials.none(), FAST.withMaxAttempts(2)));

            assertThatThrownBy(() -> mlflow.getRun("abc"))
                    .isInstanceOfSatisfying(MlopsException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("cannot reach MLflow at http://127.0.0.1:" + port
                                + ": connection refused");
                        assertThat(e.remoteCode()).contains(MlflowErrorCode.CONNECTION_FAILED);
                    });
        }
    }

    @Test
    void trackingUriWithCredentialsIsRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> MlflowConfig.of("https://bob:hunter22@mlflow.example.com"))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(io.mlopsbridge.core.ErrorKind.INPUT);
                    assertThat(e.oneLine()).doesNotContain("hunter22");
                });
    }

    @Test
    void environmentTokenWinsOverBasicAuth() {
        MlflowConfig config = MlflowConfig.fromEnvironment(Map.of(
                "MLFLOW_TRACKING_URI", "https://mlflow.example.com/",
                "MLFLOW_TRACKING_TOKEN", "tok",
                "MLFLOW_TRACKING_USERNAME", "u",
                "MLFLOW_TRACKING_PASSWORD", "p"), null);

        assertThat(config.credentials().authorizationHeader()).isEqualTo("Bearer tok");
        assertThat(config.displayUri()).isEqualTo("https://mlflow.example.com");
    }

    @Test
    void aChildProcessGetsTheConfigurationAsTheVariablesItWasReadFrom() {
        Map<String, String> basic = Map.of("MLFLOW_TRACKING_URI", "https://mlflow.example.com",
                "MLFLOW_TRACKING_USERNAME", "jenkins", "MLFLOW_TRACKING_PASSWORD", "s3cr3t-pass");
        Map<String, String> bearer = Map.of("MLFLOW_TRACKING_URI", "https://mlflow.example.com",
                "MLFLOW_TRACKING_TOKEN", " tok-7f3a9 ");

        assertThat(MlflowConfig.fromEnvironment(basic, null).toEnvironment()).isEqualTo(basic);
        assertThat(MlflowConfig.fromEnvironment(bearer, null).toEnvironment()).containsExactlyInAnyOrderEntriesOf(
                Map.of("MLFLOW_TRACKING_URI", "https://mlflow.example.com", "MLFLOW_TRACKING_TOKEN", "tok-7f3a9"));
        assertThat(MlflowConfig.of("http://127.0.0.1:5000").toEnvironment())
                .containsExactly(Map.entry("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000"));
    }

    @Test
    void usernameWithoutPasswordIsAnInputError() {
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(Map.of(
                "MLFLOW_TRACKING_URI", "http://localhost:5000", "MLFLOW_TRACKING_USERNAME", "u"), null))
                .isInstanceOfSatisfying(MlopsException.class,
                        e -> assertThat(e.getMessage()).contains("MLFLOW_TRACKING_PASSWORD"));
    }
}

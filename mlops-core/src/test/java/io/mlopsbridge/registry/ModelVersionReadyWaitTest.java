package io.mlopsbridge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.CountingProxy;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registration waits for the new version to be READY. The real server (local artifact store) answers READY at once,
 * so a proxy rewrites its answers to show the states a server copying large artifacts passes through.
 */
@ExtendWith(MlflowServerExtension.class)
class ModelVersionReadyWaitTest {
    private static final String READY = "\"status\": \"READY\"";

    private final TrainingRuns training;
    private final CountingProxy proxy;
    private final RegisterModel register;
    private final String name = TrainingRuns.modelName("fraud-ready");

    ModelVersionReadyWaitTest(MlflowServer server) throws Exception {
        this.training = new TrainingRuns(server.client());
        this.proxy = new CountingProxy(server.uri());
        this.register = new RegisterModel(new MlflowClient(MlflowConfig.of(proxy.uri().toString())),
                BuildLog.silent());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private RegisterRequest request() {
        return RegisterRequest.of(name, training.finishedRun(Map.of("auc", 0.95)).runId());
    }

    private static String status(String body, String status, String message) {
        return body.replaceAll("\"status\":\\s*\"READY\"", "\"status\": \"" + status + "\""
                + (message == null ? "" : ", \"status_message\": \"" + message + "\""));
    }

    @Test
    void aVersionPendingRegistrationIsWaitedForUntilReady() {
        AtomicInteger pendingAnswers = new AtomicInteger(2);
        proxy.rewriteAnswers("model-versions/create", body -> status(body, "PENDING_REGISTRATION", null));
        proxy.rewriteAnswers("model-versions/get", body -> pendingAnswers.getAndDecrement() > 0
                ? status(body, "PENDING_REGISTRATION", null) : body);

        RegisterResult result = register.register(request());

        assertThat(result.version()).isEqualTo("1");
        assertThat(proxy.requests()).filteredOn(r -> r.endsWith("model-versions/get")).hasSize(3);
    }

    @Test
    void aVersionThatFailsToRegisterIsARemoteErrorWithTheServersReason() {
        proxy.rewriteAnswers("model-versions/create", body -> status(body, "PENDING_REGISTRATION", null));
        proxy.rewriteAnswers("model-versions/get",
                body -> status(body, "FAILED_REGISTRATION", "copying s3://models/fraud failed: AccessDenied"));

        assertThatThrownBy(() -> register.register(request()))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("model version " + name + "/1 failed to register: "
                            + "copying s3://models/fraud failed: AccessDenied");
                    assertThat(e.remoteCode()).contains("FAILED_REGISTRATION");
                });
    }

    @Test
    void aVersionStillPendingAtTheTimeoutIsADeadlineError() {
        proxy.rewriteAnswers("model-versions/create", body -> status(body, "PENDING_REGISTRATION", null));
        proxy.rewriteAnswers("model-versions/get", body -> status(body, "PENDING_REGISTRATION", null));

        assertThatThrownBy(() -> register.register(request().withReadyTimeout(Duration.ofSeconds(1))))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("model version " + name
                            + "/1 is still PENDING_REGISTRATION after 1 s");
                    assertThat(e.remoteCode()).contains("DEADLINE_EXCEEDED");
                });
    }
}

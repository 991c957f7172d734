package io.jenkins.plugins.mlops.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.TestEnvVars;
import hudson.TestExtensions;
import hudson.model.Run;
import hudson.model.TestBuilds;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.BufferListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Freestyle build aborted while its registerModel build step waits for MLflow: Jenkins interrupts the executor
 * thread, which makes the MLflow calls itself, and ends the build ABORTED only when an InterruptedException comes
 * back out of {@code perform}.
 */
class RegisterModelBuilderAbortTest {
    @TempDir
    Path buildDir;
    private final MockWebServer mlflow = new MockWebServer();
    private final List<String> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopMlflow() {
        mlflow.close();
    }

    @Test
    void abortingTheBuildWhileMlflowAnswersEndsItAbortedWithNothingWrittenOrRecorded() throws Exception {
        Run<?, ?> run = TestBuilds.build(buildDir.toFile(), "fraud-freestyle", 45);
        RegisterModelStep step = new RegisterModelStep("fraud-detector", "9a3e51c2d7f04b8e9c1d2a7f3b6e0c45");
        step.setGate("auc >= 0.9");
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread executor = new Thread(() -> ended.complete(catchThrowable(() -> new RegisterModelBuilder(step)
                .perform(run, TestEnvVars.of(Map.of("JOB_NAME", "fraud-freestyle", "BUILD_NUMBER", "45")),
                        new BufferListener()))), "Executor #0 for fraud-freestyle #45");
        startMlflowAbortingOnItsFirstRequest(executor);
        executor.start();

        // Jenkins' Run.execute ends a build ABORTED on an InterruptedException, FAILED on an AbortException.
        assertThat(ended.get(60, TimeUnit.SECONDS)).as("what perform ended with")
                .isInstanceOf(InterruptedException.class);
        assertThat(received).as("requests MLflow received").containsExactly("GET /api/2.0/mlflow/runs/get");
        assertThat(TestBuilds.result(run)).as("result set by the step").isNull();
        assertThat(run.getAction(MlopsRunAction.class)).as("the build's MLOps record").isNull();
    }

    /**
     * MLflow, slow to answer the step's first request: the build is aborted (its executor interrupted) after the
     * request has arrived and before the answer's body does, which never comes; any later request gets an error.
     */
    private void startMlflowAbortingOnItsFirstRequest(Thread executor) throws IOException {
        mlflow.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                received.add(request.getMethod() + " " + request.getUrl().encodedPath());
                if (received.size() > 1) {
                    return new MockResponse.Builder().code(404)
                            .body("{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"not found\"}")
                            .build();
                }
                executor.interrupt();
                return new MockResponse.Builder().body("{\"run\": {}}")
                        .onResponseBody(SocketEffect.Stall.INSTANCE).build();
            }
        });
        mlflow.start();
        TestCredentials.clear();
        TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(mlflow.url("/").toString());
    }
}

package io.jenkins.plugins.mlops.register;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.TestExtensions;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.BlockedReads;
import io.jenkins.plugins.mlops.harness.StepHarness;
import io.mlopsbridge.mlflow.HungMlflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An abort of a build while {@code registerModel} waits for an MLflow that takes the request and never answers:
 * Jenkins calls the step's {@code stop()}, which interrupts the step's thread, but an interrupt does not reach a
 * thread blocked in a socket read. The registration must still end at once (the read cut off, not waited out to its
 * 60 s timeout and retried) and write nothing afterwards.
 */
class RegisterModelAbortTest {
    private static final String REGISTRATION = "io.mlopsbridge.registry.RegisterModel";

    @TempDir
    Path jenkinsHome;

    @Test
    void stoppingTheStepWhileMlflowHoldsTheRunLookupEndsTheRegistrationAtOnceWithNothingWritten() throws Exception {
        try (MockWebServer mlflow = HungMlflow.start()) {
            TestCredentials.clear();
            TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(mlflow.url("/").toString());
            StepHarness build = StepHarness.build(jenkinsHome, "46", Map.of());
            RegisterModelStep step = new RegisterModelStep("fraud-detector", "9a3e51c2d7f04b8e9c1d2a7f3b6e0c45");
            step.setGate("auc >= 0.9");
            StepExecution execution = build.start(step);
            assertThat(mlflow.takeRequest(60, TimeUnit.SECONDS)).as("the training run's lookup").isNotNull();
            Thread registering = BlockedReads.awaitThreadReading(REGISTRATION, Duration.ofSeconds(30));

            assertThat(build.stopAndAwaitRunEnded(execution, Duration.ofSeconds(10)))
                    .as("what the registration ended with").isInstanceOf(InterruptedException.class);
            assertThat(BlockedReads.stillRuns(registering, REGISTRATION)).as("the step's thread still registers")
                    .isFalse();
            assertThat(mlflow.getRequestCount()).as("requests MLflow received: the lookup only").isEqualTo(1);
            assertThat(build.run().getAction(MlopsRunAction.class)).as("the build's MLOps record").isNull();
        }
    }
}

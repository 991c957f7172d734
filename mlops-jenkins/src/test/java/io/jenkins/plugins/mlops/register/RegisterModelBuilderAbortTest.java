package io.jenkins.plugins.mlops.register;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.TestEnvVars;
import hudson.model.Run;
import hudson.model.TestBuilds;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.harness.BufferListener;
import io.jenkins.plugins.mlops.harness.MlflowAbortingOnFirstRequest;
import io.jenkins.plugins.mlops.harness.MlflowAbortingOnFirstRequest.Outcome;
import java.nio.file.Path;
import java.util.Map;
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

    @Test
    void abortingTheBuildWhileMlflowAnswersEndsItAbortedWithNothingWrittenOrRecorded() throws Exception {
        Run<?, ?> run = TestBuilds.build(buildDir.toFile(), "fraud-freestyle", 45);
        RegisterModelStep step = new RegisterModelStep("fraud-detector", "9a3e51c2d7f04b8e9c1d2a7f3b6e0c45");
        step.setGate("auc >= 0.9");
        Outcome outcome = MlflowAbortingOnFirstRequest.perform("Executor #0 for fraud-freestyle #45",
                () -> new RegisterModelBuilder(step).perform(run,
                        TestEnvVars.of(Map.of("JOB_NAME", "fraud-freestyle", "BUILD_NUMBER", "45")),
                        new BufferListener()));

        // Jenkins' Run.execute ends a build ABORTED on an InterruptedException, FAILED on an AbortException.
        assertThat(outcome.ended()).as("what perform ended with").isInstanceOf(InterruptedException.class);
        assertThat(outcome.received()).as("requests MLflow received").containsExactly("GET /api/2.0/mlflow/runs/get");
        assertThat(TestBuilds.result(run)).as("result set by the step").isNull();
        assertThat(run.getAction(MlopsRunAction.class)).as("the build's MLOps record").isNull();
    }
}

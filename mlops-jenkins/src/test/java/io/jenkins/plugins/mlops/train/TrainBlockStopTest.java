package io.jenkins.plugins.mlops.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.TestExtensions;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.StepHarness;
import io.mlopsbridge.mlflow.HoldingMlflow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block form stopped (the build aborted) while its MLflow run is being created on Jenkins' timer: the step ends
 * at once, CPS drops the block, and the run MLflow is creating must not be left RUNNING with no block to close it.
 */
class TrainBlockStopTest {
    @TempDir
    Path jenkinsHome;

    @Test
    void stoppingWhileMlflowHoldsTheExperimentLookupCutsItOffAndCreatesNoRun() throws Exception {
        InterruptedException aborted = new InterruptedException("Aborted by alice");
        try (HoldingMlflow mlflow = HoldingMlflow.holding("experiments/get-by-name")) {
            StepHarness build = blockStoppedWhileHeld(mlflow, "55", aborted);

            assertThat(build.awaitFailure(Duration.ofSeconds(30))).isSameAs(aborted);
            // Never released while the opening runs: far below the read timeout (60 s), the lookup is cut off.
            awaitConsoleLine(build, "aborted: cancelled (the build was aborted)", Duration.ofSeconds(10));
            mlflow.release();
            assertThat(mlflow.received()).extracting(HoldingMlflow.Received::endpoint).as("requests MLflow received")
                    .containsExactly("experiments/get-by-name");
            assertThat(build.body().environments()).as("the block's runs").isEmpty();
            assertThat(build.context().endings()).as("the step ends once").hasSize(1);
        }
    }

    /**
     * A {@code trainModel(experiment: 'fraud') { }} block of build {@code number} against {@code mlflow}, stopped with
     * {@code cause} once MLflow holds the request it was told to hold.
     */
    private StepHarness blockStoppedWhileHeld(HoldingMlflow mlflow, String number, Throwable cause) throws Exception {
        TestCredentials.clear();
        TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(mlflow.url());
        StepHarness build = StepHarness.build(jenkinsHome, number, Map.of());
        TrainModelStep step = new TrainModelStep();
        step.setExperiment("fraud");
        StepExecution execution = build.start(step, (env, console) -> null);
        mlflow.awaitHeld();
        execution.stop(cause);
        return build;
    }

    private static void awaitConsoleLine(StepHarness build, String line, Duration timeout)
            throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        while (!build.log().contains(line)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("no '" + line + "' in the console within " + timeout + ":\n" + build.log());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void stoppingWhileTheRunIsCreatedEndsTheRunKilledAndNeverStartsTheBlock() throws Exception {
        InterruptedException aborted = new InterruptedException("Aborted by alice");
        try (HoldingMlflow mlflow = HoldingMlflow.holding("runs/create")) {
            StepHarness build = blockStoppedWhileHeld(mlflow, "54", aborted);
            mlflow.release();

            assertThat(build.awaitFailure(Duration.ofSeconds(30))).isSameAs(aborted);
            mlflow.awaitReceived("runs/update");
            assertThat(mlflow.received()).filteredOn(r -> r.endpoint().equals("runs/update"))
                    .extracting(r -> r.field("status")).as("statuses MLflow was told").containsExactly("KILLED");
            assertThat(build.body().environments()).as("the block's runs").isEmpty();
            assertThat(build.context().endings()).as("the step ends once").hasSize(1);
        }
    }
}

package io.jenkins.plugins.mlops.train;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.TestEnvVars;
import hudson.TestLaunchers;
import hudson.TestWorkspaces;
import hudson.model.Run;
import hudson.model.TestBuilds;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.harness.BufferListener;
import io.jenkins.plugins.mlops.harness.MlflowAbortingOnFirstRequest;
import io.jenkins.plugins.mlops.harness.MlflowAbortingOnFirstRequest.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Freestyle build aborted while its trainModel build step (a local command) opens its MLflow run: the executor
 * thread makes the MLflow calls itself, and Jenkins ends the build ABORTED only when an InterruptedException comes
 * back out of {@code perform}.
 */
class TrainModelBuilderAbortTest {
    @TempDir
    Path jenkinsHome;

    @Test
    void abortingWhileTheFirstMlflowCallIsInFlightEndsTheBuildAbortedWithNoRunCreatedOrRecorded() throws Exception {
        Run<?, ?> run = TestBuilds.build(Files.createDirectories(jenkinsHome.resolve("builds/82")).toFile(),
                "fraud-freestyle", 82);
        TrainModelStep step = new TrainModelStep();
        step.setExperiment("fraud-freestyle");
        TrainModelBuilder builder = new TrainModelBuilder(step);
        builder.setCommand("python train.py");
        Path workspace = Files.createDirectories(jenkinsHome.resolve("workspace"));

        Outcome outcome = MlflowAbortingOnFirstRequest.perform("Executor #0 for fraud-freestyle #82",
                () -> builder.perform(run, TestWorkspaces.of(workspace.toFile()),
                        TestEnvVars.of(Map.of("JOB_NAME", "fraud-freestyle", "BUILD_NUMBER", "82")),
                        TestLaunchers.local(), new BufferListener()));

        // Jenkins' Run.execute ends a build ABORTED on an InterruptedException, FAILED on an AbortException.
        assertThat(outcome.ended()).as("what perform ended with").isInstanceOf(InterruptedException.class);
        // Only the experiment lookup: no run was created, so none is left RUNNING.
        assertThat(outcome.received()).as("requests MLflow received")
                .containsExactly("GET /api/2.0/mlflow/experiments/get-by-name");
        assertThat(TestBuilds.result(run)).as("result set by the step").isNull();
        assertThat(run.getAction(MlopsRunAction.class)).as("the build's MLOps record").isNull();
    }
}

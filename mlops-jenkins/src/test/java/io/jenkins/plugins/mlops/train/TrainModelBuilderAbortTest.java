package io.jenkins.plugins.mlops.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.TestEnvVars;
import hudson.TestExtensions;
import hudson.TestLaunchers;
import hudson.TestWorkspaces;
import hudson.model.Run;
import hudson.model.TestBuilds;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.BlockedReads;
import io.jenkins.plugins.mlops.harness.BufferListener;
import io.jenkins.plugins.mlops.harness.MlflowAbortingOnFirstRequest;
import io.jenkins.plugins.mlops.harness.MlflowAbortingOnFirstRequest.Outcome;
import io.mlopsbridge.mlflow.HoldingMlflow;
import io.mlopsbridge.mlflow.HungMlflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Freestyle build aborted while its trainModel build step (a local command) opens its MLflow run: the executor
 * thread makes the MLflow calls itself, and Jenkins ends the build ABORTED only when an InterruptedException comes
 * back out of {@code perform}; a run MLflow created must not be left RUNNING.
 */
class TrainModelBuilderAbortTest {
    @TempDir
    Path jenkinsHome;

    private TrainModelBuilder localCommand() {
        TrainModelStep step = new TrainModelStep();
        step.setExperiment("fraud-freestyle");
        TrainModelBuilder builder = new TrainModelBuilder(step);
        builder.setCommand("python train.py");
        return builder;
    }

    private Run<?, ?> build82() throws Exception {
        return TestBuilds.build(Files.createDirectories(jenkinsHome.resolve("builds/82")).toFile(), "fraud-freestyle",
                82);
    }

    private void perform(TrainModelBuilder builder, Run<?, ?> run, BufferListener console) throws Exception {
        builder.perform(run, TestWorkspaces.of(Files.createDirectories(jenkinsHome.resolve("workspace")).toFile()),
                TestEnvVars.of(Map.of("JOB_NAME", "fraud-freestyle", "BUILD_NUMBER", "82")), TestLaunchers.local(),
                console);
    }

    @Test
    void abortingWhileTheFirstMlflowCallIsInFlightEndsTheBuildAbortedWithNoRunCreatedOrRecorded() throws Exception {
        Run<?, ?> run = build82();
        TrainModelBuilder builder = localCommand();

        Outcome outcome = MlflowAbortingOnFirstRequest.perform("Executor #0 for fraud-freestyle #82",
                () -> perform(builder, run, new BufferListener()));

        // Jenkins' Run.execute ends a build ABORTED on an InterruptedException, FAILED on an AbortException.
        assertThat(outcome.ended()).as("what perform ended with").isInstanceOf(InterruptedException.class);
        // Only the experiment lookup: no run was created, so none is left RUNNING.
        assertThat(outcome.received()).as("requests MLflow received")
                .containsExactly("GET /api/2.0/mlflow/experiments/get-by-name");
        assertThat(TestBuilds.result(run)).as("result set by the step").isNull();
        assertThat(run.getAction(MlopsRunAction.class)).as("the build's MLOps record").isNull();
    }

    @Test
    void abortingWhileMlflowHoldsTheExperimentLookupEndsTheBuildAbortedAtOnceWithNoRunCreated() throws Exception {
        Run<?, ?> run = build82();
        BufferListener console = new BufferListener();
        try (MockWebServer mlflow = HungMlflow.start()) {
            TestCredentials.clear();
            TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(mlflow.url("/").toString());
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            Thread executor = new Thread(() -> ended.complete(catchThrowable(() -> perform(localCommand(), run,
                    console))), "Executor #0 for fraud-freestyle #82");
            executor.start();
            BlockedReads.awaitThreadReading("io.mlopsbridge.train.LocalTraining", Duration.ofSeconds(30));

            executor.interrupt(); // Executor.interrupt, as the build's abort does

            // Far below MLflow's read timeout (60 s, and the lookup is retried): the read must be cut off.
            assertThat(ended.get(10, TimeUnit.SECONDS)).as("what perform ended with")
                    .isInstanceOf(InterruptedException.class);
            assertThat(mlflow.getRequestCount()).as("requests MLflow received: the lookup only").isEqualTo(1);
            assertThat(console.text()).contains("aborted: cancelled (the build was aborted)");
            assertThat(run.getAction(MlopsRunAction.class)).as("the build's MLOps record").isNull();
        }
    }

    @Test
    void abortingWhileTheRunIsCreatedEndsTheBuildAbortedAndTheCreatedRunKilled() throws Exception {
        Run<?, ?> run = build82();
        BufferListener console = new BufferListener();
        try (HoldingMlflow mlflow = HoldingMlflow.holding("runs/create")) {
            TestCredentials.clear();
            TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(mlflow.url());
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            Thread executor = new Thread(() -> ended.complete(catchThrowable(() -> perform(localCommand(), run,
                    console))), "Executor #0 for fraud-freestyle #82");
            executor.start();
            mlflow.awaitHeld();

            executor.interrupt(); // Executor.interrupt, as the build's abort does
            mlflow.release();

            assertThat(ended.get(30, TimeUnit.SECONDS)).as("what perform ended with")
                    .isInstanceOf(InterruptedException.class);
            assertThat(mlflow.received()).filteredOn(r -> r.endpoint().equals("runs/update"))
                    .extracting(r -> r.field("status")).as("statuses MLflow was told").containsExactly("KILLED");
            assertThat(console.text()).contains("aborted: MLflow run " + HoldingMlflow.RUN_ID + " KILLED");
        }
    }
}

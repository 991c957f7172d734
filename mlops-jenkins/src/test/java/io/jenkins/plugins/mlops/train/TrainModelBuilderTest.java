package io.jenkins.plugins.mlops.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.AbortException;
import hudson.FilePath;
import hudson.TestEnvVars;
import hudson.TestExtensions;
import hudson.TestLaunchers;
import hudson.TestWorkspaces;
import hudson.model.Run;
import hudson.model.TestBuilds;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.action.TrainingRecord;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.BufferListener;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.kfp.RunState;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.kfp.fake.RunScript;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.RunStatus;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Freestyle trainModel build step through {@code perform(...)}: a local command on the agent against the real
 * MLflow server, and a Kubeflow pipeline against the project's KFP fake; success, failure, bad input and abort.
 */
@ExtendWith(MlflowServerExtension.class)
class TrainModelBuilderTest {
    /** What {@code python train.py} does with MLflow: log a metric into the run it is given. */
    private static final String LOG_AUC = "curl -sf -X POST -H 'Content-Type: application/json' "
            + "\"$MLFLOW_TRACKING_URI/api/2.0/mlflow/runs/log-metric\" "
            + "-d \"{\\\"run_id\\\": \\\"$MLFLOW_RUN_ID\\\", \\\"key\\\": \\\"auc\\\", \\\"value\\\": 0.951, "
            + "\\\"timestamp\\\": 1764720000000}\"";
    private static final Pattern RUN_STARTED = Pattern.compile("MLflow run (\\w+) started");

    @RegisterExtension
    final FakeKfpServer kfp = new FakeKfpServer();
    private final MlflowServer server;
    private final MlflowClient mlflow;
    private final String experiment = "fraud-freestyle-" + TrainingRuns.shortId();
    private final BufferListener listener = new BufferListener();
    @TempDir
    Path jenkinsHome;
    private Run<?, ?> run;
    private FilePath workspace;

    TrainModelBuilderTest(MlflowServer server) {
        this.server = server;
        this.mlflow = server.client();
    }

    @BeforeEach
    void configureJenkins() throws Exception {
        TestCredentials.clear();
        MlopsConfiguration config = TestExtensions.register(new MlopsConfiguration());
        config.setMlflowUrl(server.trackingUri());
        config.setKubeflowUrl(kfp.url());
        kfp.whenRunSucceeds(params -> mlflow.logMetrics((String) params.get("mlflow_run_id"), Map.of("auc", 0.968)));
        run = TestBuilds.build(Files.createDirectories(jenkinsHome.resolve("builds/81")).toFile(), "fraud-freestyle",
                81);
        workspace = TestWorkspaces.of(Files.createDirectories(jenkinsHome.resolve("workspace")).toFile());
    }

    private TrainModelBuilder localCommand(String command) {
        TrainModelStep step = new TrainModelStep();
        step.setExperiment(experiment);
        TrainModelBuilder builder = new TrainModelBuilder(step);
        builder.setCommand(command);
        return builder;
    }

    private TrainModelBuilder kubeflow() throws Exception {
        Files.copy(ExamplePipelines.fraudDetectionYaml(), jenkinsHome.resolve("workspace/pipeline.yaml"));
        TrainModelStep step = new TrainModelStep();
        step.setKubeflow("pipeline.yaml");
        step.setParameters(Map.of("n_estimators", 300));
        step.setExperiment(experiment);
        step.setPollInterval("50ms");
        return new TrainModelBuilder(step);
    }

    private void perform(TrainModelBuilder builder) throws Exception {
        builder.perform(run, workspace, TestEnvVars.of(Map.of("JOB_NAME", "fraud-freestyle", "BUILD_NUMBER", "81",
                "GIT_COMMIT", "3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210")), TestLaunchers.local(), listener);
    }

    /** Runs the build step on an executor thread of its own, which the test interrupts as an abort does. */
    private CompletableFuture<Void> performOnExecutor(TrainModelBuilder builder, Thread[] executor) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor[0] = new Thread(() -> {
            try {
                perform(builder);
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "executor #0");
        executor[0].start();
        return done;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(90);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(20);
        }
    }

    private String startedRunId() {
        Matcher m = RUN_STARTED.matcher(listener.text());
        assertThat(m.find()).as("console says which run started:\n" + listener.text()).isTrue();
        return m.group(1);
    }

    private TrainingRecord training() {
        return run.getAction(MlopsRunAction.class).getTrainings().get(0);
    }

    @Test
    void aLocalCommandTrainsInAnMlflowRunThatEndsFinishedWithItsMetrics() throws Exception {
        perform(localCommand("echo \"training in run $MLFLOW_RUN_ID of release $MLOPS_RELEASE_VERSION\" && "
                + LOG_AUC));

        String runId = startedRunId();
        assertThat(listener.text()).contains("training in run " + runId + " of release 81-3f9c2ab");
        assertThat(mlflow.getRun(runId).info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(training().getBackend()).isEqualTo("local");
        assertThat(training().getStatus()).isEqualTo("FINISHED");
        assertThat(training().getMlflowRunId()).isEqualTo(runId);
        assertThat(training().getMetrics()).containsEntry("auc", 0.951);
    }

    @Test
    void theCommandRunsInTheWorkspace() throws Exception {
        Files.writeString(jenkinsHome.resolve("workspace/train.sh"), "echo \"data: $(cat features.csv)\"\n");
        Files.writeString(jenkinsHome.resolve("workspace/features.csv"), "amount,label\n");

        perform(localCommand("sh train.sh"));

        assertThat(listener.text()).contains("data: amount,label");
    }

    @Test
    void aFailingCommandEndsTheRunFailedAndFailsTheBuild() throws Exception {
        TrainModelBuilder builder = localCommand("echo 'loading features.csv'; exit 3");

        assertThatThrownBy(() -> perform(builder)).isInstanceOf(AbortException.class)
                .hasMessageContaining("training command exited with code 3").hasMessageNotContaining("\n");

        assertThat(mlflow.getRun(startedRunId()).info().status()).isEqualTo(RunStatus.FAILED);
        assertThat(training().getStatus()).isEqualTo("FAILED");
    }

    @Test
    void theCommandGetsTheCredentialsButTheConsoleShowsOnlyTheMask() throws Exception {
        String token = "mlf-tok-" + TrainingRuns.shortId() + "-fs";
        TestCredentials.secretText("mlflow-token", token);
        TrainModelBuilder builder = localCommand("echo \"auth: Bearer $MLFLOW_TRACKING_TOKEN\" && " + LOG_AUC);
        builder.getStep().setMlflowCredentialsId("mlflow-token");

        perform(builder);

        assertThat(listener.text()).contains("auth: Bearer ****").doesNotContain(token);
        assertThat(training().getMetrics()).containsEntry("auc", 0.951);
    }

    @Test
    void neitherACommandNorAPipelineIsOneLineBeforeAnythingIsWritten() {
        TrainModelBuilder builder = new TrainModelBuilder(new TrainModelStep());
        builder.getStep().setExperiment(experiment);

        assertThatThrownBy(() -> perform(builder)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("trainModel: give a command").hasMessageNotContaining("\n");

        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
        assertThat(kfp.callCount()).isZero();
    }

    @Test
    void pipelineParametersWithALocalCommandAreOneLineBeforeAnythingIsWritten() {
        TrainModelBuilder builder = localCommand("python train.py --n-estimators 300");
        builder.setParameters("n_estimators=300");

        assertThatThrownBy(() -> perform(builder)).isInstanceOf(AbortException.class)
                .hasMessage("trainModel: parameters are the Kubeflow pipeline's; with a command, pass them as the"
                        + " command's own arguments (e.g. python train.py --n-estimators 300)");

        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
        assertThat(kfp.callCount()).isZero();
    }

    @Test
    void aMissingPipelineFileIsOneLineBeforeAnythingIsWritten() {
        TrainModelStep step = new TrainModelStep();
        step.setKubeflow("pipelines/fraud.yaml");
        step.setExperiment(experiment);

        assertThatThrownBy(() -> perform(new TrainModelBuilder(step))).isInstanceOf(AbortException.class)
                .hasMessageContaining("pipelines/fraud.yaml is not in the workspace")
                .hasMessageNotContaining("\n");

        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
        assertThat(kfp.callCount()).isZero();
    }

    @Test
    void aKubeflowPipelineIsWaitedForAndRecorded() throws Exception {
        kfp.runsFollow(RunScript.succeeds());

        perform(kubeflow());

        assertThat(training().getBackend()).isEqualTo("kubeflow");
        assertThat(training().isSucceeded()).isTrue();
        assertThat(training().getMetrics()).containsEntry("auc", 0.968);
        assertThat(mlflow.getRun(training().getMlflowRunId()).info().status()).isEqualTo(RunStatus.FINISHED);
    }

    @Test
    void abortingAKubeflowTrainingTerminatesTheKfpRunAndKillsTheMlflowRun() throws Exception {
        kfp.runsFollow(RunScript.runsForever());
        Thread[] executor = new Thread[1];
        CompletableFuture<Void> done = performOnExecutor(kubeflow(), executor);
        await(() -> !kfp.calls("RunService_GetRun").isEmpty(), "the build waits for the KFP run");

        executor[0].interrupt();

        assertThatThrownBy(done::join).hasCauseInstanceOf(InterruptedException.class);
        assertThat(kfp.calls("RunService_TerminateRun")).hasSize(1);
        Matcher killed = Pattern.compile("aborted: KFP run \\S+ terminated; MLflow run (\\w+) KILLED")
                .matcher(listener.text());
        assertThat(killed.find()).as(listener.text()).isTrue();
        assertThat(mlflow.getRun(killed.group(1)).info().status()).isEqualTo(RunStatus.KILLED);
    }

    @Test
    void abortingWhileTheKfpRunCreateIsInFlightTerminatesTheRunOnceCreatedAndKillsTheMlflowRun() throws Exception {
        kfp.runsFollow(RunScript.runsForever()).holdAnswers("RunService_CreateRun");
        Thread[] executor = new Thread[1];
        CompletableFuture<Void> done = performOnExecutor(kubeflow(), executor);
        await(() -> !kfp.calls("RunService_CreateRun").isEmpty(), "the build is creating the KFP run");

        executor[0].interrupt();
        kfp.releaseHeld();

        assertThatThrownBy(done::join).hasCauseInstanceOf(InterruptedException.class);
        String terminated = kfp.calls("RunService_TerminateRun").get(0).path()
                .replaceAll(".*/runs/([^:]+):terminate", "$1");
        assertThat(kfp.runState(terminated)).get().isIn(RunState.CANCELING, RunState.CANCELED);
        Matcher killed = Pattern.compile("aborted: KFP run " + terminated + " terminated; MLflow run (\\w+) KILLED")
                .matcher(listener.text());
        assertThat(killed.find()).as(listener.text()).isTrue();
        assertThat(mlflow.getRun(killed.group(1)).info().status()).isEqualTo(RunStatus.KILLED);
        assertThat(listener.text().lines().filter(line -> line.contains("aborted:"))).hasSize(1);
    }

    @Test
    void abortingDuringThePipelineUploadCreatesNoRunAndSaysSo() throws Exception {
        kfp.holdAnswers("UploadPipeline");
        Thread[] executor = new Thread[1];
        CompletableFuture<Void> done = performOnExecutor(kubeflow(), executor);
        await(() -> !kfp.calls("UploadPipeline").isEmpty(), "the build is uploading the pipeline");

        executor[0].interrupt();
        kfp.releaseHeld();

        assertThatThrownBy(done::join).hasCauseInstanceOf(InterruptedException.class);
        assertThat(listener.text().lines().filter(line -> line.contains("aborted:")))
                .singleElement(STRING)
                .endsWith("aborted: training cancelled before anything was created");
        assertThat(kfp.calls("RunService_CreateRun")).isEmpty();
        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
    }

    @Test
    void aLocalCommandPastItsTimeoutIsKilledWithItsChildrenAndTheRunEndsKilled() throws Exception {
        TrainModelBuilder builder = localCommand("echo 'epoch 1/50'; sleep 600");
        builder.getStep().setTimeout("1s");
        Thread[] executor = new Thread[1];
        CompletableFuture<Void> done = performOnExecutor(builder, executor);
        try {
            // Ended far below the command's 600 s: the sleep, a child of the shell, was killed too.
            assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(AbortException.class)
                    .hasMessageContaining("training command did not finish within the timeout of 1s; it was killed")
                    .hasMessageNotContaining("\n");
        } finally {
            executor[0].interrupt();
        }

        assertThat(listener.text()).contains("epoch 1/50");
        assertThat(mlflow.getRun(startedRunId()).info().status()).isEqualTo(RunStatus.KILLED);
        assertThat(training().getStatus()).isEqualTo("KILLED");
    }

    @Test
    void abortingALocalCommandStopsItAndEndsTheRunKilled() throws Exception {
        Thread[] executor = new Thread[1];
        CompletableFuture<Void> done = performOnExecutor(localCommand("echo 'epoch 1/50'; sleep 600"), executor);
        await(() -> listener.text().contains("epoch 1/50"), "the command started");

        executor[0].interrupt();

        assertThatThrownBy(done::join).hasCauseInstanceOf(InterruptedException.class);
        assertThat(mlflow.getRun(startedRunId()).info().status()).isEqualTo(RunStatus.KILLED);
        assertThat(training().getStatus()).isEqualTo("KILLED");
    }
}

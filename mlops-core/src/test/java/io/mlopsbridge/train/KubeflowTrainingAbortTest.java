package io.mlopsbridge.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.HttpSettings;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.kfp.KfpClient;
import io.mlopsbridge.kfp.KfpConfig;
import io.mlopsbridge.kfp.RunState;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.kfp.fake.RunScript;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.RunStatus;
import io.mlopsbridge.wait.WaitPolicy;
import io.mlopsbridge.wait.WaitScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cancel (Ctrl-C, SIGTERM, a Jenkins abort) in each phase of a Kubeflow training leaves nothing running: no KFP
 * run, no MLflow run RUNNING, and one line saying what was cleaned up. The fake KFP server holds answers back to
 * put the cancel exactly inside a phase.
 */
@ExtendWith(MlflowServerExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a hang guard: a wait that is not cancelled would never end
class KubeflowTrainingAbortTest {
    @RegisterExtension
    final FakeKfpServer kfp = new FakeKfpServer();

    private final MlflowClient mlflow;
    private final WaitScheduler scheduler = new WaitScheduler(2, Clock.systemUTC());
    private final String experiment = "fraud-detection-" + UUID.randomUUID();
    private final Cancellation cancellation = Cancellation.create();

    KubeflowTrainingAbortTest(MlflowServer server) {
        this.mlflow = server.client();
    }

    @AfterEach
    void stop() {
        scheduler.close();
    }

    /** Reads that may take minutes (a slow server): only a cancel or the deadline can cut them short. */
    private KubeflowTraining training() {
        KfpClient client = new KfpClient(KfpConfig.of(kfp.url()).withHttp(HttpSettings.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(5))));
        return new KubeflowTraining(client, mlflow, BuildLog.silent(), scheduler);
    }

    private KubeflowTrainingRequest request(Duration timeout) {
        return new KubeflowTrainingRequest(ExamplePipelines.fraudDetection(), null, "1.4.0", experiment, Map.of(),
                null, null, WaitPolicy.withDefaults().withIntervals(Duration.ofMillis(20), Duration.ofMillis(50))
                .withTimeout(timeout));
    }

    private CompletableFuture<TrainingResult> trainInBackground(Duration timeout) {
        return CompletableFuture.supplyAsync(() -> training().run(request(timeout), cancellation));
    }

    private static MlopsException failureOf(CompletableFuture<TrainingResult> training) {
        try {
            training.join();
        } catch (CompletionException e) {
            return (MlopsException) e.getCause();
        }
        throw new AssertionError("training was not aborted");
    }

    private static void until(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(10);
        }
    }

    private List<Run> mlflowRuns() {
        return mlflow.findExperimentByName(experiment).map(e -> mlflow.searchRuns(List.of(e.experimentId()), null,
                100, null).items()).orElse(List.of());
    }

    /** The one created KFP run is terminated, the step's MLflow run KILLED, and the message says both. */
    private void assertRunTerminatedAndMlflowRunKilled(MlopsException aborted) {
        String runId = kfp.calls("RunService_CreateRun").isEmpty() ? null : kfp.calls("RunService_TerminateRun")
                .get(0).path().replaceAll(".*/runs/([^:]+):terminate", "$1");
        Run mlflowRun = mlflowRuns().get(0);
        assertThat(aborted.kind()).isEqualTo(ErrorKind.ABORTED);
        assertThat(aborted.getMessage()).isEqualTo("KFP run " + runId + " terminated; MLflow run "
                + mlflowRun.runId() + " KILLED");
        assertThat(kfp.runState(runId)).get().isIn(RunState.CANCELING, RunState.CANCELED);
        assertThat(mlflowRun.info().status()).isEqualTo(RunStatus.KILLED);
    }

    @Test
    void aCancelWhileTheRunCreateIsInFlightTerminatesTheRunAsSoonAsItsIdIsKnown() throws Exception {
        kfp.runsFollow(RunScript.runsForever()).holdAnswers("RunService_CreateRun");
        CompletableFuture<TrainingResult> training = trainInBackground(Duration.ofMinutes(1));
        until(() -> !kfp.calls("RunService_CreateRun").isEmpty());

        cancellation.cancel("SIGTERM");
        kfp.releaseHeld();
        MlopsException aborted = failureOf(training);

        assertRunTerminatedAndMlflowRunKilled(aborted);
    }

    @Test
    void aCancelDuringTheUploadStartsNoRunAndLeavesNoMlflowRunRunning() throws Exception {
        kfp.holdAnswers("UploadPipeline");
        CompletableFuture<TrainingResult> training = trainInBackground(Duration.ofMinutes(1));
        until(() -> !kfp.calls("UploadPipeline").isEmpty());

        cancellation.cancel("SIGINT");
        kfp.releaseHeld();
        MlopsException aborted = failureOf(training);

        assertThat(aborted.kind()).isEqualTo(ErrorKind.ABORTED);
        assertThat(aborted.getMessage()).isEqualTo("training cancelled before anything was created");
        assertThat(kfp.calls("RunService_CreateRun")).isEmpty();
        assertThat(mlflowRuns()).isEmpty();
    }

    @Test
    void aCancelWhilePollingTerminatesTheRunAndMarksTheMlflowRunKilled() throws Exception {
        kfp.runsFollow(RunScript.runsForever());
        CompletableFuture<TrainingResult> training = trainInBackground(Duration.ofMinutes(1));
        until(() -> kfp.calls("RunService_GetRun").size() >= 2);

        cancellation.cancel("SIGTERM");
        MlopsException aborted = failureOf(training);

        assertRunTerminatedAndMlflowRunKilled(aborted);
    }

    @Test
    void theDeadlineTerminatesTheRunWhileAPollIsStillWaitingForItsAnswer() throws Exception {
        kfp.runsFollow(RunScript.runsForever());
        CompletableFuture<TrainingResult> training = trainInBackground(Duration.ofSeconds(3));
        until(() -> !kfp.calls("RunService_GetRun").isEmpty());
        kfp.holdAnswers("RunService_GetRun"); // from now on the server acts on polls but never answers them

        MlopsException timedOut = failureOf(training);

        assertThat(timedOut.remoteCode()).contains("DEADLINE_EXCEEDED");
        assertThat(timedOut.getMessage()).endsWith("; it was terminated");
        assertThat(kfp.calls("RunService_TerminateRun")).hasSize(1);
        assertThat(mlflowRuns().get(0).info().status()).isEqualTo(RunStatus.KILLED);
    }
}

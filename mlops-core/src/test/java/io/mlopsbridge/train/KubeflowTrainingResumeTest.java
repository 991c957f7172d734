package io.mlopsbridge.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.JavaSerialization;
import io.mlopsbridge.http.HttpSettings;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.kfp.KfpClient;
import io.mlopsbridge.kfp.KfpConfig;
import io.mlopsbridge.kfp.KfpRun;
import io.mlopsbridge.kfp.RunState;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.kfp.fake.RunScript;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.RunStatus;
import io.mlopsbridge.wait.PollOutcome;
import io.mlopsbridge.wait.Poller;
import io.mlopsbridge.wait.WaitPolicy;
import io.mlopsbridge.wait.WaitScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Submit → poll → complete, as a Jenkins step drives it across a controller restart: the handle is written out with
 * Java serialization mid-wait, and a fresh engine (new clients, new poller) finishes the training from the copy.
 */
@ExtendWith(MlflowServerExtension.class)
class KubeflowTrainingResumeTest {
    @RegisterExtension
    final FakeKfpServer kfp = new FakeKfpServer();

    private final MlflowClient mlflow;
    private final WaitScheduler scheduler = new WaitScheduler(1, Clock.systemUTC());
    private final String experiment = "fraud-detection-" + UUID.randomUUID();
    private final WaitPolicy policy = WaitPolicy.withDefaults().withIntervals(Duration.ofMillis(10),
            Duration.ofMillis(40)).withTimeout(Duration.ofMinutes(1));

    KubeflowTrainingResumeTest(MlflowServer server) {
        this.mlflow = server.client();
    }

    @AfterEach
    void stop() {
        scheduler.close();
    }

    /** A new engine, as a restarted controller builds it from the global configuration. */
    private KubeflowTraining freshEngine() {
        KfpClient client = new KfpClient(KfpConfig.of(kfp.url()).withHttp(HttpSettings.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))));
        return new KubeflowTraining(client, new MlflowClient(mlflow.config()), BuildLog.silent(), scheduler);
    }

    private KubeflowTrainingRequest request() {
        return new KubeflowTrainingRequest(ExamplePipelines.fraudDetection(), null, "1.4.0", experiment,
                Map.of("n_estimators", "300"), null, null, policy);
    }

    @Test
    void aHandleSerialisedMidWaitIsFinishedByAFreshPoller() {
        kfp.runsFollow(RunScript.of(RunState.PENDING, RunState.RUNNING, RunState.RUNNING, RunState.RUNNING,
                RunState.SUCCEEDED));
        kfp.whenRunSucceeds(params -> mlflow.logMetrics((String) params.get("mlflow_run_id"),
                Map.of("auc", 0.968)));
        KubeflowTraining before = freshEngine();
        KfpTrainingHandle handle = before.submit(request(), Cancellation.none());
        PollOutcome<KfpRun> first = new Poller<>(before.operation(), handle.policy(), BuildLog.silent(),
                Clock.systemUTC()).pollOnce(handle.waitHandle());
        assertThat(first).isInstanceOf(PollOutcome.Pending.class);
        handle = handle.withWait(((PollOutcome.Pending<KfpRun>) first).handle());

        KfpTrainingHandle restored = JavaSerialization.roundTrip(handle);
        KubeflowTraining after = freshEngine();
        Poller<KfpRun> poller = new Poller<>(after.operation(), restored.policy(), BuildLog.silent(),
                Clock.systemUTC());
        PollOutcome<KfpRun> outcome = poller.pollOnce(restored.waitHandle());
        while (outcome instanceof PollOutcome.Pending<KfpRun> pending) {
            restored = restored.withWait(pending.handle());
            outcome = poller.pollOnce(restored.waitHandle());
        }
        TrainingResult result = after.complete(restored, ((PollOutcome.Finished<KfpRun>) outcome).result());

        assertThat(restored).isEqualTo(handle.withWait(restored.waitHandle()));
        assertThat(result.succeeded()).isTrue();
        assertThat(result.kfpRunId()).isEqualTo(handle.kfpRunId());
        assertThat(result.metrics()).containsEntry("auc", 0.968);
        assertThat(mlflow.getRun(handle.mlflowRunId()).info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(kfp.calls("RunService_CreateRun")).hasSize(1);
    }

    @Test
    void abortingFromARestoredHandleTerminatesTheRunAndKillsTheMlflowRun() {
        kfp.runsFollow(RunScript.runsForever());
        KfpTrainingHandle handle = JavaSerialization.roundTrip(freshEngine().submit(request(), Cancellation.none()));

        String summary = freshEngine().abort(handle);

        assertThat(summary).isEqualTo("KFP run " + handle.kfpRunId() + " terminated; MLflow run "
                + handle.mlflowRunId() + " KILLED");
        assertThat(kfp.calls("RunService_TerminateRun")).singleElement()
                .satisfies(c -> assertThat(c.path()).contains(handle.kfpRunId()));
        assertThat(mlflow.getRun(handle.mlflowRunId()).info().status()).isEqualTo(RunStatus.KILLED);
    }
}

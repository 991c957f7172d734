package io.mlopsbridge.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.core.JavaSerialization;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.RunStatus;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two halves a Jenkins block step uses ({@code trainModel(experiment: 'fraud') { sh 'python train.py' }}):
 * open an MLflow run, let other code log to it through the environment, close it with the body's outcome.
 */
@ExtendWith(MlflowServerExtension.class)
class LocalTrainingBlockTest {
    private final MlflowClient mlflow;
    private final LocalTraining training;
    private final String experiment = "block-training-" + UUID.randomUUID();

    LocalTrainingBlockTest(MlflowServer server) {
        this.mlflow = server.client();
        this.training = new LocalTraining(mlflow, BuildLog.silent());
    }

    @Test
    void codeRunWithTheOpenedRunsEnvironmentLogsIntoItAndCloseReturnsItsMetrics() throws Exception {
        OpenTrainingRun open = JavaSerialization.roundTrip(training.open(experiment, "build-41", "1.5.0",
                "Jenkins fraud/main #41"));
        Map<String, String> env = open.environment(mlflow.config());

        ProcessBuilder body = new ProcessBuilder(LocalTrainingTest.python(), ExamplePipelines.repoRoot()
                .resolve("mlops-core/src/test/resources/train/log_metrics.py").toString()).inheritIO();
        body.environment().putAll(env);
        Process process = body.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isZero();
        TrainingResult result = training.close(open, RunStatus.FINISHED, null);

        assertThat(env).containsEntry("MLFLOW_RUN_ID", open.runId())
                .containsEntry("MLFLOW_EXPERIMENT_ID", open.experimentId())
                .containsEntry("MLFLOW_TRACKING_URI", mlflow.config().trackingUri().toString())
                .containsEntry("MLOPS_RELEASE_VERSION", "1.5.0");
        assertThat(result.succeeded()).isTrue();
        assertThat(result.status()).isEqualTo("FINISHED");
        assertThat(result.metrics()).containsExactlyInAnyOrderEntriesOf(Map.of("auc", 0.931, "f1", 0.82));
        Run run = mlflow.getRun(open.runId());
        assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.data().tagValues()).containsEntry("mlops.release_version", "1.5.0")
                .containsEntry("mlflow.source.name", "Jenkins fraud/main #41")
                .containsEntry("mlflow.source.type", "LOCAL");
    }

    @Test
    void aFailedBodyClosesTheRunFailedWithTheReason() {
        OpenTrainingRun open = training.open(experiment, null, null, "Jenkins fraud/main #42");
        mlflow.logMetrics(open.runId(), Map.of("auc", 0.61));

        TrainingResult result = training.close(open, RunStatus.FAILED, "script returned exit code 1");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).isEqualTo("script returned exit code 1; MLflow run " + open.runId()
                + " marked FAILED");
        assertThat(result.metrics()).containsEntry("auc", 0.61);
        assertThat(mlflow.getRun(open.runId()).info().status()).isEqualTo(RunStatus.FAILED);
        assertThat(open.environment(mlflow.config())).doesNotContainKey("MLOPS_RELEASE_VERSION");
    }

    @Test
    void anAbortedBodyClosesTheRunKilled() {
        OpenTrainingRun open = training.open(experiment, null, "1.5.0", "Jenkins fraud/main #43");

        TrainingResult result = training.close(open, RunStatus.KILLED, "the build was aborted");

        assertThat(result.status()).isEqualTo("KILLED");
        assertThat(result.failure()).startsWith("the build was aborted");
        assertThat(mlflow.getRun(open.runId()).info().status()).isEqualTo(RunStatus.KILLED);
    }
}

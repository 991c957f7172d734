package io.mlopsbridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.HttpSettings;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.kfp.KfpClient;
import io.mlopsbridge.kfp.KfpConfig;
import io.mlopsbridge.kfp.PipelineSpecFile;
import io.mlopsbridge.kfp.RunState;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.kfp.fake.MlflowPluginSimulation;
import io.mlopsbridge.kfp.fake.RunScript;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.Experiment;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.RunStatus;
import io.mlopsbridge.mlflow.Tag;
import io.mlopsbridge.wait.WaitPolicy;
import io.mlopsbridge.wait.WaitScheduler;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Training on the fake KFP server (swagger-checked) with metrics coming back through the real MLflow server. */
@ExtendWith(MlflowServerExtension.class)
class KubeflowTrainingTest {
    @RegisterExtension
    final FakeKfpServer kfp = new FakeKfpServer();

    private final MlflowClient mlflow;
    private final WaitScheduler scheduler = new WaitScheduler(2, Clock.systemUTC());
    private final String experiment = "fraud-detection-" + UUID.randomUUID();
    private final WaitPolicy fast = WaitPolicy.withDefaults().withIntervals(Duration.ofMillis(10), Duration.ofMillis(40))
            .withTimeout(Duration.ofMinutes(2)); // only reached when a test fails; generous for a busy machine

    KubeflowTrainingTest(MlflowServer server) {
        this.mlflow = server.client();
    }

    @AfterEach
    void stop() {
        scheduler.close();
    }

    private KubeflowTraining training() {
        KfpClient client = new KfpClient(KfpConfig.of(kfp.url()).withHttp(HttpSettings.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withBackoff(Duration.ofMillis(5), Duration.ofMillis(50))));
        return new KubeflowTraining(client, mlflow, BuildLog.silent(), scheduler);
    }

    private KubeflowTrainingRequest request(PipelineSpecFile pipeline, Map<String, ?> params) {
        return new KubeflowTrainingRequest(pipeline, null, "1.4.0", experiment, params, null, null, fast);
    }

    /** What the fraud pipeline's train-model component does with the run id it is given. */
    private void componentsLogTo(Map<String, Double> metrics) {
        kfp.whenRunSucceeds(params -> {
            String runId = (String) params.get("mlflow_run_id");
            mlflow.logMetrics(runId, metrics);
        });
    }

    @Test
    void metricsComeBackThroughTheMlflowRunPassedAsAParameter() {
        componentsLogTo(Map.of("auc", 0.968, "f1", 0.81));

        TrainingResult result = training().run(request(ExamplePipelines.fraudDetection(),
                Map.of("n_estimators", "300")), Cancellation.none());

        assertThat(result.succeeded()).isTrue();
        assertThat(result.status()).isEqualTo("SUCCEEDED");
        assertThat(result.metrics()).containsExactlyInAnyOrderEntriesOf(Map.of("auc", 0.968, "f1", 0.81));
        assertThat(result.kfpRunUrl()).isEqualTo(kfp.url() + "/#/runs/details/" + result.kfpRunId());
        Run run = mlflow.getRun(result.mlflowRunId());
        assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.data().tagValues()).containsEntry("kfp.run_id", result.kfpRunId())
                .containsEntry("mlops.release_version", "1.4.0");
        assertThat(kfp.calls("RunService_CreateRun")).singleElement().satisfies(c -> assertThat(c.body())
                .contains("\"mlflow_run_id\":\"" + result.mlflowRunId() + "\"")
                .contains("\"mlflow_tracking_uri\":\"" + mlflow.config().trackingUri() + "\"")
                .contains("\"release_version\":\"1.4.0\"")
                .contains("\"n_estimators\":300")
                .doesNotContain("plugins_input"));
    }

    @Test
    void metricsComeBackThroughTheKfpMlflowPluginWhenThePipelineTakesNoRunId() throws IOException {
        kfp.withMlflowPlugin(new RealMlflowPlugin(mlflow, Map.of("auc", 0.97, "threshold", 0.5)));

        TrainingResult result = training().run(request(pluginPipeline(), Map.of()), Cancellation.none());

        assertThat(result.succeeded()).isTrue();
        assertThat(result.metrics()).containsExactlyInAnyOrderEntriesOf(Map.of("auc", 0.97, "threshold", 0.5));
        assertThat(mlflow.getRun(result.mlflowRunId()).data().tagValues()).containsEntry("kfp.run_id",
                result.kfpRunId());
        assertThat(kfp.calls("RunService_CreateRun")).singleElement().satisfies(c -> assertThat(c.body())
                .contains("\"plugins_input\":{\"mlflow\":{\"experiment_name\":\"" + experiment + "\"}}"));
    }

    @Test
    void withoutPluginOrRunIdParameterTheRunSucceedsWithoutMetrics() throws IOException {
        TrainingResult result = training().run(request(pluginPipeline(), Map.of()), Cancellation.none());

        assertThat(result.succeeded()).isTrue();
        assertThat(result.mlflowRunId()).isNull();
        assertThat(result.metrics()).isEmpty();
    }

    @Test
    void typedParameterErrorsAreRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> training().run(request(ExamplePipelines.fraudDetection(),
                Map.of("n_estimators", "many", "learning_rate", "0.1")), Cancellation.none()))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).isEqualTo("pipeline 'fraud-detection': unknown parameter "
                            + "'learning_rate'; parameter 'n_estimators' must be an integer (NUMBER_INTEGER) but got "
                            + "'many'");
                });
        assertThat(kfp.calls()).as("nothing sent to KFP").isEmpty();
        assertThat(mlflow.findExperimentByName(experiment)).as("nothing written to MLflow").isEmpty();
    }

    @Test
    void aFailedRunFailsWithItsErrorAndMarksTheMlflowRunFailed() {
        kfp.runsFollow(RunScript.fails("task train-model: exit status 1: ValueError: input contains NaN"));

        TrainingResult result = training().run(request(ExamplePipelines.fraudDetection(), Map.of()), Cancellation.none());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.status()).isEqualTo(RunState.FAILED.name());
        assertThat(mlflow.getRun(result.mlflowRunId()).info().status()).isEqualTo(RunStatus.FAILED);
        assertThatThrownBy(result::requireSucceeded).isInstanceOfSatisfying(MlopsException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("KFP run " + result.kfpRunId()
                    + " ended FAILED: task train-model: exit status 1: ValueError: input contains NaN");
            assertThat(e.hint()).contains("see " + kfp.url() + "/#/runs/details/" + result.kfpRunId());
        });
    }

    @Test
    void aMultiUserServerNeedsANamespaceBeforeAnythingIsUploaded() {
        kfp.multiUser(true);
        assertThatThrownBy(() -> training().run(request(ExamplePipelines.fraudDetection(), Map.of()), Cancellation.none()))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).endsWith("runs in multi-user mode, so runs need a namespace");
                });
        assertThat(kfp.calls("UploadPipeline")).isEmpty();
    }

    @Test
    void theMultiUserErrorNamesTheServerWithoutTheTokenInItsUrl() {
        kfp.multiUser(true);
        KfpClient client = new KfpClient(KfpConfig.of(kfp.url() + "/#access_token=KfpQ888").withHttp(HttpSettings
                .defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))));
        KubeflowTraining training = new KubeflowTraining(client, mlflow, BuildLog.silent(), scheduler);

        assertThatThrownBy(() -> training.run(request(ExamplePipelines.fraudDetection(), Map.of()), Cancellation.none()))
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.oneLine())
                        .startsWith("Kubeflow Pipelines at " + kfp.url() + "/ runs in multi-user mode")
                        .doesNotContain("KfpQ888"));
    }

    private static PipelineSpecFile pluginPipeline() throws IOException {
        try (InputStream in = KubeflowTrainingTest.class.getResourceAsStream("/kfp/plugin-pipeline.yaml")) {
            return PipelineSpecFile.read("plugin-pipeline.yaml", in);
        }
    }

    /** The KFP MLflow plugin's work, done against the real MLflow server: root run, one nested run per task. */
    record RealMlflowPlugin(MlflowClient mlflow, Map<String, Double> taskMetrics) implements MlflowPluginSimulation {
        @Override
        public Started start(String experimentName, String kfpRunId, Map<String, Object> parameters) {
            Experiment e = mlflow.getOrCreateExperiment(experimentName);
            Run root = mlflow.createRun(e.experimentId(), "kfp-" + kfpRunId, List.of(new Tag("kfp.run_id", kfpRunId)));
            return new Started(experimentName, e.experimentId(), root.runId(),
                    mlflow.config().trackingUri() + "/#/experiments/" + e.experimentId() + "/runs/" + root.runId());
        }

        @Override
        public void finish(String rootRunId, RunState finalState) {
            Run root = mlflow.getRun(rootRunId);
            Run task = mlflow.createRun(root.info().experimentId(), "evaluate",
                    List.of(new Tag("mlflow.parentRunId", rootRunId)));
            mlflow.logMetrics(task.runId(), taskMetrics);
            RunStatus status = finalState == RunState.SUCCEEDED ? RunStatus.FINISHED : RunStatus.FAILED;
            mlflow.endRun(task.runId(), status);
            mlflow.endRun(rootRunId, status);
        }
    }
}

package io.jenkins.plugins.mlops.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.AbortException;
import hudson.TestExtensions;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.SecretSearch;
import io.jenkins.plugins.mlops.harness.StepHarness;
import io.mlopsbridge.cli.CliJson;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.kfp.RunState;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.kfp.fake.RunScript;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * trainModel(kubeflow: ...) against the project's KFP fake and the real MLflow server: the CLI's contract, a
 * controller restart mid-wait, abort, a rotated token, and no secret anywhere.
 */
@ExtendWith(MlflowServerExtension.class)
class KubeflowTrainModelTest {
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    final FakeKfpServer kfp = new FakeKfpServer();
    private final MlflowServer mlflowServer;
    private final MlflowClient mlflow;
    private final String experiment = "fraud-detection-" + UUID.randomUUID().toString().substring(0, 8);
    @TempDir
    Path jenkinsHome;

    KubeflowTrainModelTest(MlflowServer mlflowServer) {
        this.mlflowServer = mlflowServer;
        this.mlflow = mlflowServer.client();
    }

    @BeforeEach
    void configureJenkins() {
        TestCredentials.clear();
        MlopsConfiguration config = TestExtensions.register(new MlopsConfiguration());
        config.setMlflowUrl(mlflowServer.trackingUri());
        config.setKubeflowUrl(kfp.url());
        kfp.whenRunSucceeds(params -> mlflow.logMetrics((String) params.get("mlflow_run_id"),
                Map.of("auc", 0.968)));
    }

    private StepHarness buildWithPipeline(String number) throws Exception {
        StepHarness build = StepHarness.build(jenkinsHome.resolve("b" + number), number, Map.of());
        Files.copy(ExamplePipelines.fraudDetectionYaml(), build.workspace().resolve("pipeline.yaml"));
        return build;
    }

    private TrainModelStep step() {
        TrainModelStep step = new TrainModelStep();
        step.setKubeflow("pipeline.yaml");
        step.setParameters(Map.of("n_estimators", 300));
        step.setExperiment(experiment);
        step.setPollInterval("50ms");
        return step;
    }

    /** Waits for what another thread does; the step's timeout bounds it, and a check after it says what failed. */
    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        Instant until = Instant.now().plus(STEP_TIMEOUT);
        while (!condition.getAsBoolean() && Instant.now().isBefore(until)) {
            Thread.sleep(20);
        }
    }

    @Test
    void trainsOnKubeflowAndReturnsTheCliJson() throws Exception {
        kfp.runsFollow(RunScript.of(RunState.PENDING, RunState.RUNNING, RunState.SUCCEEDED));
        StepHarness build = buildWithPipeline("41");
        TrainModelStep step = step();
        step.setReleaseVersion("1.4.0");

        StepExecution execution = build.start(step);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.await(STEP_TIMEOUT);

        assertThat(result).containsEntry("backend", "kubeflow").containsEntry("succeeded", true)
                .containsEntry("release_version", "1.4.0").containsEntry("metrics", Map.of("auc", 0.968));
        assertThat(mlflow.getRun((String) result.get("mlflow_run_id")).info().status())
                .isEqualTo(RunStatus.FINISHED);
        assertThat(build.run().getAction(MlopsRunAction.class).getTrainings()).singleElement().satisfies(t -> {
            assertThat(t.getBackend()).isEqualTo("kubeflow");
            assertThat(t.isSucceeded()).isTrue();
            assertThat(t.getKfpRunId()).isEqualTo(result.get("kfp_run_id"));
            assertThat(t.getMlflowLink()).startsWith(mlflowServer.trackingUri()).endsWith("/runs/"
                    + result.get("mlflow_run_id"));
        });
        assertThat(build.context().saves()).as("handle persisted once submitted").isEqualTo(1);
        assertThat(execution.getStatus()).startsWith("waiting for KFP run " + result.get("kfp_run_id"));

        Map<String, Object> cli = CliJson.run(Map.of("MLFLOW_TRACKING_URI", mlflowServer.trackingUri()), "train",
                "--kubeflow", build.workspace().resolve("pipeline.yaml").toString(), "--kfp-url", kfp.url(),
                "--param", "n_estimators=300", "--experiment", experiment, "--release-version", "1.4.0", "--json");
        assertThat(result.keySet()).containsExactlyElementsOf(cli.keySet());
        assertThat(result).containsEntry("kfp_pipeline_id", cli.get("kfp_pipeline_id"))
                .containsEntry("status", cli.get("status"));
    }

    @Test
    void theRunLinkPointsToTheKubeflowUiUrlWhenItDiffersFromTheApiUrl() throws Exception {
        kfp.runsFollow(RunScript.of(RunState.RUNNING, RunState.SUCCEEDED));
        String ui = "https://kubeflow.acme.test/pipeline";
        StepHarness build = buildWithPipeline("49");
        TrainModelStep step = step();
        step.setKubeflowUiUrl(ui);

        build.start(step);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.await(STEP_TIMEOUT);

        String link = ui + "/#/runs/details/" + result.get("kfp_run_id");
        assertThat(result).containsEntry("kfp_run_url", link);
        assertThat(build.log()).contains("created: " + link).contains("SUCCEEDED (" + link + ")")
                .doesNotContain(kfp.url() + "/#/");
        assertThat(build.run().getAction(MlopsRunAction.class).getTrainings()).singleElement()
                .satisfies(t -> assertThat(t.getKfpRunUrl()).isEqualTo(link));
    }

    @Test
    void aControllerRestartMidWaitResumesFromThePersistedHandleAndCompletes() throws Exception {
        kfp.runsFollow(RunScript.succeedsAfter(Duration.ofSeconds(3)));
        StepHarness build = buildWithPipeline("42");

        StepExecution before = build.start(step());
        StepHarness.awaitWaiting(before);
        StepExecution after = build.restart(before);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.await(STEP_TIMEOUT);

        assertThat(result).containsEntry("succeeded", true).containsEntry("status", "SUCCEEDED");
        assertThat(after.getStatus()).isEqualTo(before.getStatus());
        assertThat(kfp.calls("RunService_CreateRun")).as("the restart did not submit again").hasSize(1);
        assertThat(build.context().endings()).containsExactly("success");
    }

    @Test
    void abortTerminatesTheRemoteRunKillsTheMlflowRunAndEndsTheStepAtOnce() throws Exception {
        kfp.runsFollow(RunScript.runsForever());
        StepHarness build = buildWithPipeline("43");
        StepExecution execution = build.start(step());
        StepHarness.awaitWaiting(execution);

        AbortException abort = new AbortException("Aborted by alice");
        execution.stop(abort);

        assertThat(build.context().outcome()).as("ended by stop() itself").isCompletedExceptionally();
        assertThat(build.awaitFailure(Duration.ZERO)).isSameAs(abort);
        assertThat(kfp.calls("RunService_TerminateRun")).hasSize(1);
        assertThat(build.log()).containsPattern("aborted: KFP run \\S+ terminated; MLflow run \\S+ KILLED");
        String mlflowRunId = build.log().replaceAll("(?s).*MLflow run (\\S+) KILLED.*", "$1");
        assertThat(mlflow.getRun(mlflowRunId).info().status()).isEqualTo(RunStatus.KILLED);
        Thread.sleep(300);
        assertThat(build.context().endings()).as("nothing polls after the abort").hasSize(1);
    }

    @Test
    void aPollIntervalTooLongForTheTimerKeepsTheStepWaitingAndAbortableInsteadOfFailingIt() throws Exception {
        // The longest duration accepted, far more nanoseconds than a long holds: the wait's delay once overflowed after
        // the run was created, which failed the step and left the run going, since a later stop() found it ended.
        kfp.runsFollow(RunScript.runsForever());
        StepHarness build = buildWithPipeline("44");
        TrainModelStep step = step();
        step.setTimeout("106751991167d");
        step.setPollInterval("106751991167d");
        StepExecution execution = build.start(step);
        StepHarness.awaitWaiting(execution);
        awaitUntil(() -> !kfp.calls("RunService_GetRun").isEmpty());
        Thread.sleep(200); // the first poll's answer is taken and the next tick, far away, armed

        assertThat(build.context().outcome()).as("still waiting: " + build.log()).isNotDone();
        AbortException abort = new AbortException("Aborted by alice");
        execution.stop(abort);

        assertThat(build.awaitFailure(Duration.ZERO)).isSameAs(abort);
        assertThat(kfp.calls("RunService_TerminateRun")).hasSize(1);
    }

    @Test
    void abortWhileTheKfpRunCreateIsInFlightTerminatesTheRunOnceCreatedAndSaysSoOnce() throws Exception {
        kfp.runsFollow(RunScript.runsForever()).holdAnswers("RunService_CreateRun");
        StepHarness build = buildWithPipeline("44");
        StepExecution execution = build.start(step());
        awaitUntil(() -> !kfp.calls("RunService_CreateRun").isEmpty());

        AbortException abort = new AbortException("Aborted by alice");
        execution.stop(abort);
        kfp.releaseHeld();

        assertThat(build.awaitFailure(Duration.ZERO)).as("ended by stop() itself").isSameAs(abort);
        Pattern summary = Pattern.compile("aborted: KFP run (\\S+) terminated; MLflow run (\\w+) KILLED");
        awaitUntil(() -> summary.matcher(build.log()).find());
        Matcher cleanedUp = summary.matcher(build.log());
        assertThat(cleanedUp.find()).as(build.log()).isTrue();
        assertThat(kfp.runState(cleanedUp.group(1))).get().isIn(RunState.CANCELING, RunState.CANCELED);
        assertThat(mlflow.getRun(cleanedUp.group(2)).info().status()).isEqualTo(RunStatus.KILLED);
        assertThat(build.log().lines().filter(line -> line.contains("aborted:"))).hasSize(1);
        assertThat(build.context().endings()).hasSize(1);
    }

    @Test
    void aTokenRotatedInItsCredentialKeepsTheWaitGoingAndNoTokenAppearsAnywhere() throws Exception {
        String first = "kfp-sa-token-" + UUID.randomUUID();
        String second = "kfp-sa-token-" + UUID.randomUUID();
        kfp.requireToken(first).runsFollow(RunScript.succeedsAfter(Duration.ofSeconds(3)));
        TestCredentials.secretText("kubeflow-sa", first);
        StepHarness build = buildWithPipeline("44");
        TrainModelStep step = step();
        step.setKubeflowCredentialsId("kubeflow-sa");

        StepExecution before = build.start(step);
        StepHarness.awaitWaiting(before);
        kfp.requireToken(second);
        TestCredentials.secretText("kubeflow-sa", second);
        build.restart(before); // and the token is read again after a restart too
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.await(STEP_TIMEOUT);

        assertThat(result).containsEntry("succeeded", true);
        for (String token : new String[] {first, second}) {
            assertThat(build.log()).doesNotContain(token);
            assertThat(result.toString()).doesNotContain(token);
            assertThat(SecretSearch.filesContaining(build.buildDir(), token)).isEmpty();
            assertThat(mlflow.getRun((String) result.get("mlflow_run_id")).data().tags().toString())
                    .doesNotContain(token);
        }
        assertThat(Files.exists(build.buildDir().resolve("program.dat"))).isTrue();
    }

    @Test
    void aPipelineMissingFromTheWorkspaceIsOneLineNamingItBeforeAnythingIsSent() throws Exception {
        StepHarness build = StepHarness.build(jenkinsHome, "45", Map.of());

        build.start(step());
        Throwable failure = build.awaitFailure(STEP_TIMEOUT);

        assertThat(failure).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("kubeflow: pipeline file pipeline.yaml is not in the workspace");
        assertThat(kfp.callCount()).isZero();
    }

    @Test
    void aMissingNamespaceOfAMultiUserServerIsNamedAsTheStepParameterNotAsTheCliOption() throws Exception {
        kfp.multiUser(true);
        StepHarness build = buildWithPipeline("47");

        build.start(step());
        Throwable failure = build.awaitFailure(STEP_TIMEOUT);

        assertThat(failure).isInstanceOf(AbortException.class).hasMessageContaining("runs in multi-user mode")
                .hasMessageContaining("pass your profile namespace with kubeflowNamespace")
                .hasMessageNotContaining("--");
        assertThat(kfp.calls("RunService_CreateRun")).isEmpty();
    }

    @Test
    void aTokenInTheKubeflowUrlIsInNeitherTheConsoleNorTheFailure() throws Exception {
        kfp.multiUser(true);
        MlopsConfiguration.get().setKubeflowUrl(kfp.url() + "/#access_token=KfpQ888");
        StepHarness build = buildWithPipeline("48");

        build.start(step());
        Throwable failure = build.awaitFailure(STEP_TIMEOUT);

        assertThat(failure).hasMessageContaining("runs in multi-user mode").hasMessageNotContaining("KfpQ888");
        assertThat(build.log()).contains("Kubeflow Pipelines: " + kfp.url() + "/ (").doesNotContain("KfpQ888");
    }

    @Test
    void aKubeflowUrlWithAPasswordIsRefusedAtBindingPointingToTheCredentialsParameter() {
        TrainModelStep step = step();

        assertThatThrownBy(() -> step.setKubeflowUrl(kfp.url().replace("http://", "http://ci-bot:hunter2@")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("kubeflowUrl: KFP URL must not contain a user name or password")
                .hasMessageContaining("pass the token with kubeflowCredentialsId").hasMessageNotContaining("--")
                .hasMessageNotContaining("hunter2");
        assertThat(kfp.callCount()).isZero();
    }

    @Test
    void aKubeflowUrlThatIsNoUrlIsOneLineNamingItAtBindingTime() {
        TrainModelStep step = new TrainModelStep();

        assertThatThrownBy(() -> step.setKubeflowUrl("ml-pipeline.kubeflow:8888"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("kubeflowUrl: ")
                .hasMessageContaining("'ml-pipeline.kubeflow:8888' is not an http(s) URL")
                .hasMessageNotContaining("\n").hasMessageNotContaining("--");
    }

    @Test
    void aKubeflowUiUrlThatIsNoUrlIsOneLineNamingItAtBindingTime() {
        TrainModelStep step = new TrainModelStep();

        assertThatThrownBy(() -> step.setKubeflowUiUrl("kubeflow.acme.test/pipeline"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("kubeflowUiUrl: ")
                .hasMessageContaining("'kubeflow.acme.test/pipeline' is not an http(s) URL")
                .hasMessageNotContaining("\n").hasMessageNotContaining("--");
    }

    @Test
    void aPipelineParameterWithoutAValueIsOneLineNamingItAtBindingTime() {
        TrainModelStep step = new TrainModelStep();
        // What Pipeline hands over for parameters: [data_path: env.DATA_PATH] while DATA_PATH is not set.
        Map<String, Object> parameters = new java.util.HashMap<>();
        parameters.put("n_estimators", 300);
        parameters.put("data_path", null);

        assertThatThrownBy(() -> step.setParameters(parameters))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parameters: data_path has no value")
                .hasMessageNotContaining("\n").hasMessageNotContaining("NullPointer");
    }

    @Test
    void badArgumentsAreOneLineNamingThemAtBindingTime() {
        TrainModelStep step = new TrainModelStep();
        assertThatThrownBy(() -> step.setTimeout("soon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout").hasMessageNotContaining("\n");
        StepHarness build = StepHarness.build(jenkinsHome, "46", Map.of());
        assertThatThrownBy(() -> build.start(step)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("trainModel needs kubeflow: 'pipeline.yaml' or a block");
    }
}

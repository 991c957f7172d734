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
import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.mlflow.BasicAuth;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.RunStatus;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** trainModel's block form against the real MLflow server: the block logs into the run the step opened. */
@ExtendWith(MlflowServerExtension.class)
class LocalTrainModelTest {
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

    private final MlflowServer server;
    private final MlflowClient mlflow;
    private final String experiment = "fraud-local-" + TrainingRuns.shortId();
    @TempDir
    Path jenkinsHome;

    LocalTrainModelTest(MlflowServer server) {
        this.server = server;
        this.mlflow = server.client();
    }

    @BeforeEach
    void configureJenkins() {
        TestCredentials.clear();
        TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(server.trackingUri());
    }

    private TrainModelStep step() {
        TrainModelStep step = new TrainModelStep();
        step.setExperiment(experiment);
        return step;
    }

    @Test
    void theBlockLogsIntoTheOpenedRunWhichClosesFinishedWithItsMetrics() throws Exception {
        StepHarness build = StepHarness.build(jenkinsHome, "51", Map.of());

        build.start(step(), (env, console) -> {
            // What `sh 'python train.py'` does with MLflow's own client: log to the run it is given.
            MlflowClient client = new MlflowClient(MlflowConfig.fromEnvironment(env, null));
            client.logMetrics(env.get("MLFLOW_RUN_ID"), Map.of("auc", 0.951, "f1", 0.88));
            return null;
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.await(STEP_TIMEOUT);

        assertThat(build.body().environments()).singleElement().satisfies(env -> {
            assertThat(env).containsEntry("MLFLOW_TRACKING_URI", server.uri().toString())
                    .containsEntry("MLFLOW_RUN_ID", (String) result.get("mlflow_run_id"))
                    .containsEntry("MLOPS_RELEASE_VERSION", "51-3f9c2ab")
                    .containsEntry("JOB_NAME", "fraud/main");
        });
        assertThat(result).containsEntry("backend", "local").containsEntry("status", "FINISHED")
                .containsEntry("metrics", Map.of("auc", 0.951, "f1", 0.88));
        assertThat(mlflow.getRun((String) result.get("mlflow_run_id")).info().status())
                .isEqualTo(RunStatus.FINISHED);
        assertThat(build.run().getAction(MlopsRunAction.class).getTrainings()).singleElement().satisfies(t -> {
            assertThat(t.getBackend()).isEqualTo("local");
            assertThat(t.getStatus()).isEqualTo("FINISHED");
            assertThat(t.getMlflowRunId()).isEqualTo(result.get("mlflow_run_id"));
            assertThat(t.getMetrics()).containsEntry("auc", 0.951);
        });
        Map<String, Object> cli = CliJson.run(Map.of("MLFLOW_TRACKING_URI", server.trackingUri()), "train",
                "--experiment", experiment, "--release-version", "51-3f9c2ab", "--json", "--", "true");
        assertThat(result.keySet()).containsExactlyElementsOf(cli.keySet());
    }

    @Test
    void anInvalidReleaseVersionIsRefusedWhenTheStepIsCalledNotWhenTheModelIsRegisteredAfterTraining() {
        TrainModelStep step = step();

        assertThatThrownBy(() -> step.setReleaseVersion("release 1.4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("releaseVersion 'release 1.4' is not valid (use 1-128 letters");
    }

    @Test
    void pipelineParametersWithABlockAreRefusedBeforeAnyRunOpens() {
        StepHarness build = StepHarness.build(jenkinsHome, "56", Map.of());
        TrainModelStep step = step();
        step.setParameters(Map.of("n_estimators", 300));

        assertThatThrownBy(() -> build.start(step, (env, console) -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trainModel: parameters are the Kubeflow pipeline's; with a block, pass them as the "
                        + "training command's own arguments (e.g. sh 'python train.py --n-estimators 300')");
        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
    }

    @Test
    void aTimeoutWithABlockIsRefusedPointingToJenkinsTimeoutStep() {
        StepHarness build = StepHarness.build(jenkinsHome, "57", Map.of());
        TrainModelStep step = step();
        step.setTimeout("2h");

        assertThatThrownBy(() -> build.start(step, (env, console) -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trainModel: timeout is the Kubeflow pipeline's; bound a block with Jenkins' timeout "
                        + "step, e.g. timeout(time: 2, unit: 'HOURS') { trainModel(experiment: 'fraud') "
                        + "{ sh 'python train.py' } }");
        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
    }

    @Test
    void anInvalidReleaseFromTheGlobalPatternFailsTheStepBeforeAnyRunOpens() throws Exception {
        MlopsConfiguration.get().setReleaseVersionPattern("${BUILD_NUMBER} nightly");
        StepHarness build = StepHarness.build(jenkinsHome, "55", Map.of());

        build.start(step(), (env, console) -> null);

        assertThat(build.awaitFailure(STEP_TIMEOUT)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("release version '55 nightly' (made by the global release version pattern"
                        + " '${BUILD_NUMBER} nightly') is not valid");
        assertThat(build.body().environments()).isEmpty();
        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
    }

    @Test
    void aFailingBlockFailsTheStepWithItsOwnErrorAndTheRunEndsFailed() throws Exception {
        StepHarness build = StepHarness.build(jenkinsHome, "52", Map.of());
        AbortException scriptFailed = new AbortException("script returned exit code 1");

        build.start(step(), (env, console) -> {
            throw scriptFailed;
        });
        Throwable failure = build.awaitFailure(STEP_TIMEOUT);

        assertThat(failure).isSameAs(scriptFailed);
        String runId = build.body().environments().get(0).get("MLFLOW_RUN_ID");
        assertThat(mlflow.getRun(runId).info().status()).isEqualTo(RunStatus.FAILED);
        assertThat(build.run().getAction(MlopsRunAction.class).getTrainings()).singleElement()
                .satisfies(t -> assertThat(t.getStatus()).isEqualTo("FAILED"));
    }

    @Test
    void anAbortedBlockEndsTheRunKilled() throws Exception {
        StepHarness build = StepHarness.build(jenkinsHome, "53", Map.of());

        build.start(step(), (env, console) -> {
            throw new InterruptedException("Aborted by alice");
        });
        assertThat(build.awaitFailure(STEP_TIMEOUT)).isInstanceOf(InterruptedException.class);

        String runId = build.body().environments().get(0).get("MLFLOW_RUN_ID");
        assertThat(mlflow.getRun(runId).info().status()).isEqualTo(RunStatus.KILLED);
    }

    @Test
    void theCredentialsReachTheBlockAsSensitiveVariablesAndAppearNowhereElse(@BasicAuth MlflowServer auth)
            throws Exception {
        String user = "trainer-" + TrainingRuns.shortId();
        String password = "Loc-" + TrainingRuns.shortId() + "-pa55";
        auth.createUser(user, password);
        TestCredentials.usernamePassword("mlflow-trainer", user, password);
        StepHarness build = StepHarness.build(jenkinsHome, "54", Map.of());
        TrainModelStep step = step();
        step.setMlflowUrl(auth.trackingUri());
        step.setMlflowCredentialsId("mlflow-trainer");

        build.start(step, (env, console) -> {
            new MlflowClient(MlflowConfig.fromEnvironment(env, null)).logMetrics(env.get("MLFLOW_RUN_ID"),
                    Map.of("auc", 0.93));
            return null;
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.await(STEP_TIMEOUT);

        assertThat(build.body().environments().get(0)).containsEntry("MLFLOW_TRACKING_USERNAME", user)
                .containsEntry("MLFLOW_TRACKING_PASSWORD", password);
        assertThat(result).containsEntry("metrics", Map.of("auc", 0.93));
        assertThat(build.log()).doesNotContain(password);
        assertThat(result.toString()).doesNotContain(password);
        assertThat(SecretSearch.filesContaining(build.buildDir(), password)).isEmpty();
        assertThat(auth.client(Credentials.basic(user, password)).getRun((String) result.get("mlflow_run_id"))
                .data().tags().toString()).doesNotContain(password);
    }
}

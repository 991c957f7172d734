package io.jenkins.plugins.mlops.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.TestExtensions;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.SecretSearch;
import io.jenkins.plugins.mlops.harness.StepHarness;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.RunStatus;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.TestBody;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller restart while the {@code trainModel { ... }} block runs: the block goes on with the run's variables
 * and its credentials (read back from program.dat, where they are encrypted), still masked, and the run is closed
 * with the block's outcome after the restart.
 */
@ExtendWith(MlflowServerExtension.class)
class TrainBlockRestartTest {
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

    private final MlflowServer server;
    private final MlflowClient mlflow;
    private final String token = "mlf-tok-" + TrainingRuns.shortId() + "-rst";
    @TempDir
    Path jenkinsHome;

    TrainBlockRestartTest(MlflowServer server) {
        this.server = server;
        this.mlflow = server.client();
    }

    @BeforeEach
    void configureJenkins() {
        TestCredentials.clear();
        TestCredentials.secretText("mlflow-token", token);
        TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(server.trackingUri());
    }

    /**
     * Starts the block step, lets its block reach the restart, restarts the controller and resumes the block with
     * {@code rest}; returns the build, whose last environment is the one the resumed block saw.
     */
    private StepHarness restartedWhileTheBlockRuns(String buildNumber, TestBody.Block rest) throws Exception {
        StepHarness build = StepHarness.build(jenkinsHome, buildNumber, Map.of());
        TrainModelStep step = new TrainModelStep();
        step.setExperiment("fraud-restart-" + TrainingRuns.shortId());
        step.setMlflowCredentialsId("mlflow-token");
        CountDownLatch stopped = new CountDownLatch(1);
        StepExecution running = build.start(step, (env, console) -> {
            stopped.await(); // sh 'python train.py' still running when the controller stops
            return null;
        });
        awaitBlockStarted(build);

        build.restart(running);
        stopped.countDown();
        build.body().resume(rest);
        return build;
    }

    private static void awaitBlockStarted(StepHarness build) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(60);
        while (build.body().environments().isEmpty()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("the block never started; console:\n" + build.log());
            }
            Thread.sleep(20);
        }
    }

    private static EnvVars resumedEnvironment(StepHarness build) {
        return build.body().environments().get(build.body().environments().size() - 1);
    }

    @Test
    void theResumedBlockStillGetsTheRunAndItsCredentialsAndTheRunEndsFinished() throws Exception {
        StepHarness build = restartedWhileTheBlockRuns("71", (env, console) -> {
            new MlflowClient(MlflowConfig.fromEnvironment(env, null)).logMetrics(env.get("MLFLOW_RUN_ID"),
                    Map.of("auc", 0.947));
            return null;
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.await(STEP_TIMEOUT);

        String runId = build.body().environments().get(0).get("MLFLOW_RUN_ID");
        assertThat(resumedEnvironment(build)).containsEntry("MLFLOW_RUN_ID", runId)
                .containsEntry("MLFLOW_TRACKING_URI", server.uri().toString())
                .containsEntry("MLFLOW_TRACKING_TOKEN", token)
                .containsEntry("MLOPS_RELEASE_VERSION", "71-3f9c2ab");
        assertThat(result).containsEntry("mlflow_run_id", runId).containsEntry("status", "FINISHED")
                .containsEntry("metrics", Map.of("auc", 0.947));
        assertThat(mlflow.getRun(runId).info().status()).isEqualTo(RunStatus.FINISHED);
    }

    @Test
    void theResumedBlocksConsoleIsStillMasked() throws Exception {
        StepHarness build = restartedWhileTheBlockRuns("72", (env, console) -> {
            console.println("resumed with token " + env.get("MLFLOW_TRACKING_TOKEN"));
            return null;
        });
        build.await(STEP_TIMEOUT);

        assertThat(build.log()).doesNotContain(token).contains("resumed with token ****");
    }

    @Test
    void theProgramWrittenAtTheRestartHoldsNoPlainCredential() throws Exception {
        StepHarness build = restartedWhileTheBlockRuns("73", (env, console) -> null);
        build.await(STEP_TIMEOUT);

        assertThat(build.buildDir().resolve("program.dat")).exists();
        assertThat(SecretSearch.filesContaining(build.buildDir(), token)).isEmpty();
    }

    @Test
    void aResumedBlockThatFailsEndsTheRunFailed() throws Exception {
        AbortException scriptFailed = new AbortException("script returned exit code 1");
        StepHarness build = restartedWhileTheBlockRuns("74", (env, console) -> {
            throw scriptFailed;
        });

        assertThat(build.awaitFailure(STEP_TIMEOUT)).isSameAs(scriptFailed);
        String runId = resumedEnvironment(build).get("MLFLOW_RUN_ID");
        assertThat(mlflow.getRun(runId).info().status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void aResumedBlockThatIsAbortedEndsTheRunKilled() throws Exception {
        StepHarness build = restartedWhileTheBlockRuns("75", (env, console) -> {
            throw new InterruptedException("Aborted by alice");
        });

        assertThat(build.awaitFailure(STEP_TIMEOUT)).isInstanceOf(InterruptedException.class);
        String runId = resumedEnvironment(build).get("MLFLOW_RUN_ID");
        assertThat(mlflow.getRun(runId).info().status()).isEqualTo(RunStatus.KILLED);
        assertThat(build.context().endings()).hasSize(1);
    }
}

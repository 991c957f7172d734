package io.jenkins.plugins.mlops.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.TestExtensions;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.StepHarness;
import io.mlopsbridge.mlflow.BasicAuth;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.TestBody;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code trainModel { ... }} block prints reaches the build console masked: the credential values the
 * step gives the block never appear, whatever the block echoes, and nothing else is changed.
 */
@ExtendWith(MlflowServerExtension.class)
class TrainBlockConsoleTest {
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

    private final MlflowServer server;
    @TempDir
    Path jenkinsHome;

    TrainBlockConsoleTest(MlflowServer server) {
        this.server = server;
    }

    @BeforeEach
    void configureJenkins() {
        TestCredentials.clear();
        TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(server.trackingUri());
    }

    private static TrainModelStep step(String mlflowUrl, String credentialsId) {
        TrainModelStep step = new TrainModelStep();
        step.setExperiment("fraud-console-" + TrainingRuns.shortId());
        step.setMlflowUrl(mlflowUrl);
        step.setMlflowCredentialsId(credentialsId);
        return step;
    }

    @Test
    void aBlockEchoingThePasswordShowsOnlyTheMask(@BasicAuth MlflowServer auth) throws Exception {
        String user = "echoer-" + TrainingRuns.shortId();
        String password = "Echo-" + TrainingRuns.shortId() + "-pa55";
        auth.createUser(user, password);
        TestCredentials.usernamePassword("mlflow-echo", user, password);
        StepHarness build = StepHarness.build(jenkinsHome, "61", Map.of());

        build.start(step(auth.trackingUri(), "mlflow-echo"), (env, console) -> {
            // sh 'echo "$MLFLOW_TRACKING_USERNAME:$MLFLOW_TRACKING_PASSWORD"'
            console.println(env.get("MLFLOW_TRACKING_USERNAME") + ":" + env.get("MLFLOW_TRACKING_PASSWORD"));
            return null;
        });
        build.await(STEP_TIMEOUT);

        assertThat(build.body().environments().get(0)).containsEntry("MLFLOW_TRACKING_PASSWORD", password);
        assertThat(build.log()).doesNotContain(password).contains(user + ":****");
    }

    /** The console of a build whose block, given a bearer token credential for MLflow, does {@code block}. */
    private String consoleOfBlockWithToken(String token, String buildNumber, TestBody.Block block) throws Exception {
        TestCredentials.secretText("mlflow-token", token);
        StepHarness build = StepHarness.build(jenkinsHome, buildNumber, Map.of());
        build.start(step(null, "mlflow-token"), block);
        build.await(STEP_TIMEOUT);
        assertThat(build.body().environments().get(0)).containsEntry("MLFLOW_TRACKING_TOKEN", token);
        return build.log();
    }

    @Test
    void aBlockEchoingTheBearerTokenShowsOnlyTheMask() throws Exception {
        String token = "mlf-tok-" + TrainingRuns.shortId() + "-7e2a";

        String console = consoleOfBlockWithToken(token, "62", (env, out) -> {
            out.println("Authorization: Bearer " + env.get("MLFLOW_TRACKING_TOKEN"));
            return null;
        });

        assertThat(console).doesNotContain(token).contains("Authorization: Bearer ****");
    }

    @Test
    void theBlocksOrdinaryOutputIsUntouched() throws Exception {
        String output = "epoch 10/10 — loss 0.2113 — auc 0.951\n\tsaved model.pkl ✓\n";

        String console = consoleOfBlockWithToken("mlf-tok-" + TrainingRuns.shortId(), "63", (env, out) -> {
            out.print(output);
            return null;
        });

        assertThat(console).contains(output);
    }

    @Test
    void aSecretPrintedInTwoWritesIsStillMasked() throws Exception {
        String token = "mlf-tok-" + TrainingRuns.shortId() + "-split";

        String console = consoleOfBlockWithToken(token, "64", (env, out) -> {
            String value = env.get("MLFLOW_TRACKING_TOKEN");
            out.print("token=" + value.substring(0, 7));
            out.flush();
            out.println(value.substring(7) + " (rotated)");
            return null;
        });

        assertThat(console).doesNotContain(token).contains("token=**** (rotated)");
    }

    @Test
    void anUnfinishedLastLineIsMaskedWhenTheBlockEnds() throws Exception {
        String token = "mlf-tok-" + TrainingRuns.shortId() + "-tail";

        String console = consoleOfBlockWithToken(token, "65", (env, out) -> {
            out.print("no newline after " + env.get("MLFLOW_TRACKING_TOKEN"));
            return null;
        });

        assertThat(console).doesNotContain(token).contains("no newline after ****");
    }
}

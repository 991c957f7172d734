package io.jenkins.plugins.mlops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.AbortException;
import hudson.TestExtensions;
import hudson.TestWorkspaces;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.SecretSearch;
import io.jenkins.plugins.mlops.harness.StepHarness;
import io.mlopsbridge.cli.CliJson;
import io.mlopsbridge.core.ProcessTable;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.PythonTraining;
import io.mlopsbridge.mlflow.TrainingRuns;
import io.mlopsbridge.registry.RegisterModel;
import io.mlopsbridge.registry.RegisterRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deployModel(target: 'local')} for real: a scikit-learn model logged by MLflow's Python client and
 * registered in the real MLflow server, served by {@code mlflow models serve} through the agent callable on the
 * workspace, smoke-tested, promoted, and stopped; the same map as {@code mlops deploy --target local --json}.
 */
@ExtendWith(MlflowServerExtension.class)
class DeployLocalTargetTest {
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(4);
    /** One row of the six features the logged classifier was trained on. */
    private static final String ROW = "[0.12, -1.3, 0.8, 2.1, -0.4, 0.05]";
    private static String modelName;
    /** A version that holds {@code champion} before each test; it is never served. */
    private static String servingBefore;
    private static String version;

    @TempDir
    Path jenkinsHome;
    private final MlflowServer server;
    private final MlflowClient mlflow;
    private final String mlflowToken = "mlflow-token-" + UUID.randomUUID();

    DeployLocalTargetTest(MlflowServer server) {
        this.server = server;
        this.mlflow = server.client();
    }

    @BeforeAll
    static void registerAScikitLearnModel(MlflowServer server) {
        modelName = TrainingRuns.modelName("fraud-local");
        RegisterModel register = new RegisterModel(server.client(), BuildLog.silent());
        servingBefore = register.register(RegisterRequest.of(modelName, new TrainingRuns(server.client())
                .finishedRun(Map.of("auc", 0.91)).runId())).version();
        PythonTraining.LoggedRun logged = PythonTraining.logSklearnModel(server, "jenkins-local-"
                + TrainingRuns.shortId(), 0);
        version = register.register(RegisterRequest.of(modelName, logged.runId())).version();
    }

    @BeforeEach
    void configureJenkins() {
        TestCredentials.clear();
        MlopsConfiguration config = TestExtensions.register(new MlopsConfiguration());
        config.setMlflowUrl(server.trackingUri());
        // The test server does not check tokens, but the step must carry this one to the agent and hide it.
        TestCredentials.secretText("mlflow-ci", mlflowToken);
        config.setMlflowCredentialsId("mlflow-ci");
        mlflow.setAlias(modelName, "champion", servingBefore);
    }

    private StepHarness build(String smoke) throws Exception {
        StepHarness build = StepHarness.build(jenkinsHome, "31", Map.of());
        Files.writeString(build.workspace().resolve("smoke.json"), smoke);
        return build;
    }

    private static DeployModelStep step() {
        DeployModelStep step = new DeployModelStep(modelName);
        step.setVersion(version);
        step.setTarget("local");
        step.setSmoke("smoke.json");
        step.setSmokeGate("error_rate == 0 && latency_p95_ms < 5000");
        step.setPromoteAlias("champion");
        step.setTimeout("3m");
        step.setMlflowBin(MlflowServerExtension.mlflowExecutable().toString());
        return step;
    }

    private String champion() {
        return mlflow.findAlias(modelName, "champion").map(ModelVersion::version).orElse(null);
    }

    private static List<ProcessHandle> modelServer() {
        return ProcessTable.treesOf("models", "serve", "models:/" + modelName + "/" + version);
    }

    @Test
    @SuppressWarnings("unchecked")
    void servesOnTheAgentPromotesAndReturnsWhatTheCliReturns() throws Exception {
        StepHarness build = build("{\"requests\": [{\"inputs\": [" + ROW + "]}], \"repeat\": 10}");
        int callablesBefore = TestWorkspaces.callablesSent();

        build.start(step());
        Map<String, Object> result = (Map<String, Object>) build.await(STEP_TIMEOUT);

        assertThat(TestWorkspaces.callablesSent()).as("sent to the agent").isGreaterThan(callablesBefore);
        assertThat(champion()).isEqualTo(version);
        assertThat(modelServer()).as("the model server is stopped when the step ends").isEmpty();
        assertThat(build.log()).contains("[mlops] local: model server ready at http://127.0.0.1:")
                .contains("[mlops] local: smoke test against");
        Map<String, Object> rollout = (Map<String, Object>) result.get("rollout");
        assertThat(rollout).containsEntry("target", "LOCAL").containsEntry("outcome", "SUCCEEDED");
        assertThat((Map<String, Object>) result.get("aliasMove")).containsEntry("alias", "champion")
                .containsEntry("previousVersion", servingBefore);
        assertThat(build.run().getAction(MlopsRunAction.class).getDeployments()).singleElement()
                .satisfies(d -> assertThat(d.isSucceeded()).isTrue());
        Map<String, Object> cli = CliJson.run(Map.of("MLFLOW_TRACKING_URI", server.trackingUri()), "deploy",
                "--model", modelName, "--version", version, "--target", "local",
                "--smoke", build.workspace().resolve("smoke.json").toString(),
                "--smoke-gate", "error_rate == 0 && latency_p95_ms < 5000", "--promote-alias", "champion",
                "--timeout", "3m", "--mlflow-bin", MlflowServerExtension.mlflowExecutable().toString(), "--json");
        assertThat(result.keySet()).containsExactlyElementsOf(cli.keySet());
        assertThat(rollout.keySet()).containsExactlyElementsOf(((Map<String, Object>) cli.get("rollout")).keySet());
        assertThat(build.log()).doesNotContain(mlflowToken);
        assertThat(result.toString()).doesNotContain(mlflowToken);
        assertThat(SecretSearch.filesContaining(build.buildDir(), mlflowToken)).isEmpty();
        assertThat(result).containsEntry("modelName", cli.get("modelName"))
                .containsEntry("version", cli.get("version"));
        assertThat(rollout).containsEntry("outcome", ((Map<String, Object>) cli.get("rollout")).get("outcome"));
    }

    @Test
    void aFailedSmokeGateFailsTheStepLeavesTheAliasAndNoServer() throws Exception {
        // Two features where the model takes six: every request is refused with HTTP 400.
        StepHarness build = build("{\"inputs\": [[0.12, -1.3]]}");

        build.start(step());
        Throwable failure = build.awaitFailure(STEP_TIMEOUT);

        assertThat(failure).isInstanceOf(AbortException.class).hasMessageStartingWith("deploy of " + modelName
                + " version " + version + " failed and was rolled back: local: smoke test failed: gate failed");
        assertThat(champion()).isEqualTo(servingBefore);
        assertThat(modelServer()).isEmpty();
        assertThat(build.log()).contains("[mlops] WARNING: smoke test error: request 1: HTTP 400");
    }

    @Test
    void abortWhileTheServerStartsKillsItsProcessTreeAndLeavesTheAlias() throws Exception {
        StepHarness build = build("{\"requests\": [{\"inputs\": [" + ROW + "]}], \"repeat\": 10}");
        StepExecution execution = build.start(step());
        List<ProcessHandle> serving = awaitModelServerProcesses(build);

        AbortException abort = new AbortException("Aborted by alice");
        execution.stop(abort);

        assertThat(build.awaitFailure(Duration.ZERO)).as("the step ends at once").isSameAs(abort);
        awaitLog(build, "[mlops] WARNING: aborted: mlflow models serve (pid ");
        assertThat(ProcessTable.stillAlive(serving)).isEmpty();
        assertThat(modelServer()).isEmpty();
        assertThat(champion()).isEqualTo(servingBefore);
    }

    @Test
    void aControllerRestartDuringALocalDeploymentFailsTheStepWithOneLineAndPersistsNoSecret() throws Exception {
        StepHarness build = build("{\"requests\": [{\"inputs\": [" + ROW + "]}], \"repeat\": 10}");
        StepExecution running = build.start(step());
        awaitModelServerProcesses(build);

        build.restart(running);
        Throwable failure = build.awaitFailure(Duration.ofSeconds(30));

        assertThat(failure).isInstanceOf(AbortException.class).hasMessage("deployModel: the controller restarted "
                + "during the local deployment of " + modelName + " on the agent; a local deployment does not "
                + "survive a restart, run the step again");
        assertThat(build.buildDir().resolve("program.dat")).exists();
        assertThat(SecretSearch.filesContaining(build.buildDir(), mlflowToken)).isEmpty();
        // A real restart ends the agent call; here the original still runs, so abort it to stop its server.
        running.stop(new AbortException("cleanup"));
        awaitLog(build, "[mlops] WARNING: aborted: mlflow models serve (pid ");
        assertThat(modelServer()).isEmpty();
    }

    /** The server and the worker it starts, once both run (the model is still loading). */
    private static List<ProcessHandle> awaitModelServerProcesses(StepHarness build) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(120));
        List<ProcessHandle> found = modelServer();
        while (found.size() < 2) {
            if (Instant.now().isAfter(until) || build.context().outcome().isDone()) {
                throw new AssertionError("no model server seen; log:\n" + build.log());
            }
            Thread.sleep(50);
            found = modelServer();
        }
        return found;
    }

    private static void awaitLog(StepHarness build, String line) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (!build.log().contains(line)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("no '" + line + "' in the log:\n" + build.log());
            }
            Thread.sleep(50);
        }
    }
}

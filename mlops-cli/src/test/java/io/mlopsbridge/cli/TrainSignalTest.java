package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.kfp.RunState;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.kfp.fake.RunScript;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlops train} as a child process, stopped by SIGINT or SIGTERM in each phase: it exits 130/143 with one
 * {@code aborted:} line, and afterwards no KFP run runs, no MLflow run is RUNNING and no process is left.
 */
@ExtendWith(MlflowServerExtension.class)
class TrainSignalTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "aborted: KFP run (\\S+) terminated; MLflow run (\\w+) KILLED");

    @RegisterExtension
    final FakeKfpServer kfp = new FakeKfpServer();

    private final MlflowClient mlflow;
    private final Map<String, String> env;
    private final String experiment = "fraud-signal-" + UUID.randomUUID();

    TrainSignalTest(MlflowServer server) {
        this.mlflow = server.client();
        this.env = Map.of("MLFLOW_TRACKING_URI", server.trackingUri());
    }

    private CliProcess trainOnKubeflow() {
        return CliProcess.start(env, "train", "--kubeflow", ExamplePipelines.fraudDetectionYaml().toString(),
                "--kfp-url", kfp.url(), "--release-version", "1.4.0", "--experiment", experiment, "--json");
    }

    private List<Run> mlflowRuns() {
        return mlflow.findExperimentByName(experiment).map(e -> mlflow.searchRuns(List.of(e.experimentId()), null,
                100, null).items()).orElse(List.of());
    }

    private static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(10);
        }
    }

    /** The one line names the KFP run and the MLflow run; both were really cleaned up. */
    private void assertRunTerminatedAndMlflowRunKilled(CliProcess cli) {
        assertThat(cli.abortedLines()).singleElement().matches(SUMMARY.asPredicate());
        Matcher m = SUMMARY.matcher(cli.abortedLines().get(0));
        assertThat(m.matches()).isTrue();
        assertThat(kfp.runState(m.group(1))).get().isIn(RunState.CANCELING, RunState.CANCELED);
        assertThat(mlflow.getRun(m.group(2)).info().status()).isEqualTo(RunStatus.KILLED);
        assertThat(String.join("\n", cli.stderrLines())).doesNotContain("Exception");
    }

    @Test
    void sigtermWhilePollingTerminatesTheRunKillsTheMlflowRunAndExits143() throws Exception {
        kfp.runsFollow(RunScript.runsForever());
        try (CliProcess cli = trainOnKubeflow()) {
            cli.awaitLine(line -> line.matches("KFP run \\S+: RUNNING"));

            cli.signal("TERM");

            assertThat(cli.awaitExit()).isEqualTo(143);
            assertRunTerminatedAndMlflowRunKilled(cli);
        }
    }

    @Test
    void sigintWhileTheRunCreateIsInFlightTerminatesTheRunOnceCreatedAndExits130() throws Exception {
        kfp.runsFollow(RunScript.runsForever()).holdAnswers("RunService_CreateRun");
        try (CliProcess cli = trainOnKubeflow()) {
            until(() -> !kfp.calls("RunService_CreateRun").isEmpty());

            cli.signal("INT");
            kfp.releaseHeld();

            assertThat(cli.awaitExit()).isEqualTo(130);
            assertRunTerminatedAndMlflowRunKilled(cli);
            assertThat(cli.stdout()).as("--json prints no success result").doesNotContain("\"succeeded\"");
        }
    }

    @Test
    void sigintDuringTheUploadStartsNoRunAndExits130() throws Exception {
        kfp.holdAnswers("UploadPipeline");
        try (CliProcess cli = trainOnKubeflow()) {
            until(() -> !kfp.calls("UploadPipeline").isEmpty());

            cli.signal("INT");
            kfp.releaseHeld();

            assertThat(cli.awaitExit()).isEqualTo(130);
            assertThat(cli.abortedLines()).containsExactly("aborted: training cancelled before anything was created");
            assertThat(kfp.calls("RunService_CreateRun")).isEmpty();
            assertThat(mlflowRuns()).isEmpty();
        }
    }

    @Test
    void sigtermDuringLocalTrainingStopsTheCommandsTreeAndMarksTheRunKilled(@TempDir Path dir) throws Exception {
        Path childPid = dir.resolve("child.pid");
        String script = ExamplePipelines.repoRoot().resolve("mlops-core/src/test/resources/train/slow_train.py")
                .toString();
        try (CliProcess cli = CliProcess.start(env, "train", "--experiment", experiment, "--", MlflowServerExtension
                .pythonExecutable().toString(), script, childPid.toString())) {
            cli.awaitLine(line -> line.equals("| epoch 1/1000"));

            cli.signal("TERM");

            assertThat(cli.awaitExit()).isEqualTo(143);
            assertThat(cli.abortedLines()).singleElement().asString().matches(
                    "aborted: training command \\(pid \\d+\\) and its child processes stopped; MLflow run \\w+ KILLED");
            assertThat(mlflowRuns()).singleElement().satisfies(r ->
                    assertThat(r.info().status()).isEqualTo(RunStatus.KILLED));
            long pid = Long.parseLong(Files.readString(childPid).strip());
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the training's child").isEmpty();
        }
    }
}

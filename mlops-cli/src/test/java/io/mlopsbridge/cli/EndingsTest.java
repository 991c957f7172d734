package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.http.RefusingLoopbackPort;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.kfp.RunState;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.kfp.fake.RunScript;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.RunStatus;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every ending of a command with {@code --json} prints exactly one JSON object on stdout whose {@code status} and
 * exit code say how it ended; errors that are our bugs have their own exit code and a stack trace only on request.
 */
@ExtendWith(MlflowServerExtension.class)
class EndingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final FakeKfpServer kfp = new FakeKfpServer();

    private final MlflowServer server;
    private final Map<String, String> env;

    EndingsTest(MlflowServer server) {
        this.server = server;
        this.env = Map.of("MLFLOW_TRACKING_URI", server.trackingUri(), "JOB_NAME", "fraud/main");
    }

    /** The whole of stdout must be one JSON object: nothing before it, nothing after it. */
    private static JsonNode theOneObject(CliRun cli) throws IOException {
        try (var parser = JSON.createParser(cli.stdout())) {
            JsonNode object = JSON.readTree(parser);
            assertThat(object).as("stdout: " + cli.stdout()).isNotNull();
            assertThat(object.isObject()).isTrue();
            assertThat(parser.nextToken()).as("anything after the first object on stdout").isNull();
            return object;
        }
    }

    @Test
    void aTimeoutPrintsOneObjectWithStatusTimeoutAndTheRunItCancelled() throws IOException {
        kfp.runsFollow(RunScript.runsForever());

        CliRun cli = CliRun.run(env, "train", "--kubeflow", ExamplePipelines.fraudDetectionYaml().toString(),
                "--kfp-url", kfp.url(), "--release-version", "1.4.0", "--experiment", "fraud-" + UUID.randomUUID(),
                "--timeout", "2s", "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.REMOTE);
        JsonNode result = theOneObject(cli);
        assertThat(result.get("status").asText()).isEqualTo("timeout");
        assertThat(result.get("command").asText()).isEqualTo("train");
        assertThat(result.get("exit_code").asInt()).isEqualTo(ExitCode.REMOTE);
        assertThat(result.get("error").get("kind").asText()).isEqualTo("REMOTE");
        assertThat(result.get("error").get("remoteCode").asText()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(result.get("error").get("message").asText()).contains("did not finish within the timeout");
        String runId = result.get("error").get("message").asText().replaceFirst("^KFP run (\\S+) did not .*$", "$1");
        assertThat(kfp.runState(runId)).as("the run the timeout cancelled").get()
                .isIn(RunState.CANCELING, RunState.CANCELED);
    }

    @Test
    void anInputErrorPrintsOneObjectWithStatusInputErrorAndTheInputsItNamed() throws IOException {
        CliRun cli = CliRun.run(env, "register", "--model", "..evil", "--run-id", "5f1c0a9e", "--json");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        JsonNode result = theOneObject(cli);
        assertThat(result.get("status").asText()).isEqualTo("input-error");
        assertThat(result.get("error").get("kind").asText()).isEqualTo("INPUT");
        assertThat(result.get("error").get("message").asText()).startsWith("invalid model name '..evil'");
        assertThat(result.get("error").get("hint").asText()).isNotBlank();
        assertThat(result.get("error").get("remoteCode").isNull()).isTrue();
        assertThat(result.get("model").asText()).isEqualTo("..evil");
        assertThat(result.get("run_id").asText()).isEqualTo("5f1c0a9e");
    }

    @Test
    void aCommandLineThatDoesNotParseIsAnInputErrorToo() throws IOException {
        CliRun cli = CliRun.run(env, "register", "--model", "fraud", "--json");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        JsonNode result = theOneObject(cli);
        assertThat(result.get("status").asText()).isEqualTo("input-error");
        assertThat(result.get("error").get("message").asText()).contains("--run-id");
        assertThat(cli.stderr()).contains("Run 'mlops register --help' for usage.");
    }

    @Test
    void anUnreachableServerPrintsOneObjectWithStatusRemoteError() throws IOException {
        try (RefusingLoopbackPort refusing = RefusingLoopbackPort.open()) {
            int port = refusing.port();

            CliRun cli = CliRun.run(Map.of(), "promote", "--model", "fraud", "--version", "3", "--json",
                    "--tracking-uri", "http://127.0.0.1:" + port);

            assertThat(cli.exitCode()).isEqualTo(ExitCode.REMOTE);
            JsonNode result = theOneObject(cli);
            assertThat(result.get("status").asText()).isEqualTo("remote-error");
            assertThat(result.get("error").get("kind").asText()).isEqualTo("REMOTE");
            assertThat(result.get("error").get("message").asText()).contains("cannot reach MLflow at http://127.0.0.1:"
                    + port);
            assertThat(result.get("version").asText()).isEqualTo("3");
        }
    }

    @Test
    void aTrainingThatRanAndFailedPrintsOneObjectCarryingItsResult() throws IOException {
        String python = MlflowServerExtension.pythonExecutable().toString();

        CliRun cli = CliRun.run(env, "train", "--experiment", "fraud-" + UUID.randomUUID(), "--json", "--", python,
                "-c", "raise SystemExit(4)");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.REMOTE);
        JsonNode result = theOneObject(cli);
        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(result.get("error").get("message").asText()).startsWith("training command exited with code 4");
        assertThat(result.get("result").get("status").asText()).isEqualTo("FAILED");
        assertThat(result.get("result").get("mlflow_run_id").asText()).isNotBlank();
    }

    @Test
    void aLocalTrainingPastItsTimeoutEndsAsATimeoutWithItsTreeStoppedAndTheRunKilled(@TempDir Path dir)
            throws IOException {
        String python = MlflowServerExtension.pythonExecutable().toString();
        Path childPid = dir.resolve("child.pid");
        String slowTrain = ExamplePipelines.repoRoot().resolve("mlops-core/src/test/resources/train/slow_train.py")
                .toString();

        CliRun cli = CliRun.run(env, "train", "--experiment", "fraud-" + UUID.randomUUID(), "--timeout", "3s",
                "--json", "--", python, slowTrain, childPid.toString());

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.REMOTE);
        JsonNode result = theOneObject(cli);
        assertThat(result.get("status").asText()).isEqualTo("timeout");
        assertThat(result.get("error").get("remoteCode").asText()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(result.get("error").get("message").asText())
                .startsWith("training command did not finish within the timeout of 3s; it was killed");
        assertThat(result.get("result").get("status").asText()).isEqualTo("KILLED");
        String runId = result.get("result").get("mlflow_run_id").asText();
        assertThat(server.client().getRun(runId).info().status()).isEqualTo(RunStatus.KILLED);
        long pid = Long.parseLong(Files.readString(childPid).strip());
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the training's child process").isEmpty();
    }

    @Test
    void aNormalResultIsStillTheOnlyObject() throws IOException {
        String runId = new TrainingRuns(server.client()).finishedRun(Map.of("auc", 0.95)).runId();

        CliRun cli = CliRun.run(env, "gate", "--expression", "auc >= 0.9", "--run-id", runId, "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(theOneObject(cli).get("passed").asBoolean()).isTrue();
    }

    /** A subcommand with a bug, added next to the real ones, so the real handler path runs. */
    @CommandLine.Command(name = "buggy")
    static final class BuggyCommand implements Callable<Integer> {
        @CommandLine.Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            Map<String, String> settings = new HashMap<>();
            return settings.get("retries").length();
        }
    }

    private static CliRun runWithBug(Map<String, String> environment, String... args) {
        return CliRun.run(environment, cli -> cli.addSubcommand("buggy", new BuggyCommand()), args);
    }

    @Test
    void ourOwnBugExitsFourSaysItIsABugAndHowToReportItWithoutAStackTrace() throws IOException {
        CliRun cli = runWithBug(Map.of(), "buggy", "--json");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.INTERNAL);
        JsonNode result = theOneObject(cli);
        assertThat(result.get("status").asText()).isEqualTo("internal-error");
        assertThat(result.get("error").get("kind").asText()).isEqualTo("INTERNAL");
        assertThat(cli.stderr()).startsWith("error: internal error (a bug in mlops, not in your input or a remote "
                + "system): NullPointerException: ").contains("please report it").contains("--debug")
                .doesNotContain("\tat ");
    }

    @Test
    void debugPrintsTheStackTraceOfABug() {
        CliRun flag = runWithBug(Map.of(), "buggy", "--debug");
        CliRun variable = runWithBug(Map.of("MLOPS_DEBUG", "1"), "buggy");

        for (CliRun cli : new CliRun[] {flag, variable}) {
            assertThat(cli.exitCode()).isEqualTo(ExitCode.INTERNAL);
            assertThat(cli.stderr()).contains("java.lang.NullPointerException")
                    .contains("\tat io.mlopsbridge.cli.EndingsTest$BuggyCommand.call(");
            assertThat(cli.stdout()).isEmpty();
        }
    }
}

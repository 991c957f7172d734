package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.kfp.RunState;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.kfp.fake.RunScript;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code mlops train} end to end: the fake KFP server and the real MLflow server, real Python for local runs. */
@ExtendWith(MlflowServerExtension.class)
class TrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final FakeKfpServer kfp = new FakeKfpServer();

    private final MlflowClient mlflow;
    private final Map<String, String> env;
    private final String experiment = "fraud-cli-" + UUID.randomUUID();
    private final String pipeline = ExamplePipelines.fraudDetectionYaml().toString();

    TrainCommandTest(MlflowServer server) {
        this.mlflow = server.client();
        this.env = Map.of("MLFLOW_TRACKING_URI", server.trackingUri(), "KFP_TOKEN", "kfp-sa-token-7f3a9");
    }

    @Test
    void kubeflowTrainingPrintsTheResultAsJson() throws IOException {
        kfp.requireToken("kfp-sa-token-7f3a9");
        kfp.whenRunSucceeds(params -> mlflow.logMetrics((String) params.get("mlflow_run_id"),
                Map.of("auc", 0.971, "f1", 0.84)));

        CliRun cli = CliRun.run(env, "train", "--kubeflow", pipeline, "--kfp-url", kfp.url(),
                "--release-version", "1.4.0", "--experiment", experiment, "--param", "n_estimators=300", "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        JsonNode result = JSON.readTree(cli.stdout());
        assertThat(result.get("backend").asText()).isEqualTo("kubeflow");
        assertThat(result.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.get("metrics").get("auc").asDouble()).isEqualTo(0.971);
        assertThat(result.get("kfp_run_url").asText()).startsWith(kfp.url() + "/#/runs/details/");
        assertThat(result.get("mlflow_run_id").asText()).isNotBlank();
        assertThat(cli.stderr()).contains("task train-model RUNNING").contains("KFP pipeline 'fraud-detection' "
                + "version '1.4.0' uploaded");
        assertThat(cli.allOutput()).doesNotContain("kfp-sa-token-7f3a9");
    }

    @Test
    void aWronglyTypedParameterIsAUsageErrorNamingIt() {
        CliRun cli = CliRun.run(env, "train", "--kubeflow", pipeline, "--kfp-url", kfp.url(),
                "--release-version", "1.4.0", "--param", "n_estimators=many");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: pipeline 'fraud-detection': parameter 'n_estimators' must be an "
                + "integer (NUMBER_INTEGER) but got 'many'");
        assertThat(kfp.calls()).isEmpty();
    }

    @Test
    void aParameterGivenTwiceIsAUsageErrorNamingItBeforeAnythingIsUploaded() {
        CliRun cli = CliRun.run(env, "train", "--kubeflow", pipeline, "--kfp-url", kfp.url(),
                "--release-version", "1.4.0", "--param", "n_estimators=300", "--param", "n_estimators=500");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: --param n_estimators is given twice, and only one value can be kept");
        assertThat(kfp.calls()).isEmpty();
    }

    @Test
    void theKfpTokenIsMaskedInErrorLinesToo() {
        CliRun cli = CliRun.run(env, "train", "--kubeflow", pipeline, "--kfp-url", kfp.url(),
                "--release-version", "1.4.0", "--param", "n_estimators=kfp-sa-token-7f3a9");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("parameter 'n_estimators' must be an integer (NUMBER_INTEGER) but got '****'");
        assertThat(cli.allOutput()).doesNotContain("kfp-sa-token-7f3a9");
    }

    @Test
    void aTokenInTheKfpUrlIsPrintedNowhere() throws IOException {
        kfp.multiUser(true);

        CliRun cli = CliRun.run(env, "train", "--kubeflow", pipeline, "--kfp-url", kfp.url() + "/#token=KfpQ888",
                "--release-version", "1.4.0", "--json");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(JSON.readTree(cli.stdout()).get("error").get("message").asText())
                .startsWith("Kubeflow Pipelines at " + kfp.url() + "/ runs in multi-user mode");
        assertThat(cli.allOutput()).doesNotContain("KfpQ888");
    }

    @Test
    void aKfpTokenReadFromAFileIsMaskedInErrorLinesToo(@TempDir Path dir) throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("token"), "file-sa-token-2c9d1\n");

        CliRun cli = CliRun.run(Map.of("MLFLOW_TRACKING_URI", env.get("MLFLOW_TRACKING_URI")), "train",
                "--kubeflow", pipeline, "--kfp-url", kfp.url(), "--kfp-token-file", tokenFile.toString(),
                "--release-version", "1.4.0", "--param", "n_estimators=file-sa-token-2c9d1");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("parameter 'n_estimators' must be an integer (NUMBER_INTEGER) but got '****'");
        assertThat(cli.allOutput()).doesNotContain("file-sa-token-2c9d1");
    }

    @Test
    void aKfpTokenRotatedDuringTheWaitIsMaskedFromItsFirstRead(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "first-sa-token-4e5f6\n");
        // The run fails with a message quoting the new token, as a component printing its environment would.
        kfp.runsFollow(RunScript.fails("auth as rotated-sa-token-8a9b0 failed"));
        Thread rotator = new Thread(() -> {
            try {
                while (kfp.calls("RunService_CreateRun").isEmpty()) {
                    Thread.sleep(10);
                }
                Files.writeString(dir.resolve("token.new"), "rotated-sa-token-8a9b0\n");
                Files.move(dir.resolve("token.new"), tokenFile, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "rotate-token");
        rotator.setDaemon(true);
        rotator.start();

        CliRun cli = CliRun.run(Map.of("MLFLOW_TRACKING_URI", env.get("MLFLOW_TRACKING_URI")), "train",
                "--kubeflow", pipeline, "--kfp-url", kfp.url(), "--kfp-token-file", tokenFile.toString(),
                "--release-version", "1.4.0", "--experiment", experiment);
        rotator.join(5_000);

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.REMOTE);
        assertThat(kfp.calls("RunService_GetRun")).last()
                .satisfies(call -> assertThat(call.authorization()).isEqualTo("Bearer rotated-sa-token-8a9b0"));
        assertThat(cli.stderr()).contains("ended FAILED: auth as **** failed");
        assertThat(cli.allOutput()).doesNotContain("rotated-sa-token-8a9b0").doesNotContain("first-sa-token-4e5f6");
    }

    @Test
    void aSkippedKfpRunFailsTheStep() throws IOException {
        kfp.runsFollow(RunScript.of(RunState.PENDING, RunState.RUNNING, RunState.SKIPPED));

        CliRun cli = CliRun.run(env, "train", "--kubeflow", pipeline, "--kfp-url", kfp.url(),
                "--release-version", "1.4.0", "--experiment", experiment, "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.REMOTE);
        JsonNode ending = JSON.readTree(cli.stdout());
        assertThat(ending.get("status").asText()).isEqualTo("failed");
        JsonNode result = ending.get("result");
        assertThat(result.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(result.get("succeeded").asBoolean()).isFalse();
        assertThat(result.get("failure").asText()).matches("KFP run \\S+ ended SKIPPED");
    }

    @Test
    void aLocalCommandTrainsInsideAnMlflowRun() throws IOException {
        String train = ExamplePipelines.repoRoot().resolve("examples/fraud-detection/train.py").toString();
        String python = MlflowServerExtension.pythonExecutable().toString();

        CliRun cli = CliRun.run(env, "train", "--experiment", experiment, "--release-version", "1.4.0", "--json",
                "--", python, train, "--n-samples", "1500", "--n-estimators", "5", "--no-model");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        JsonNode result = JSON.readTree(cli.stdout());
        assertThat(result.get("backend").asText()).isEqualTo("local");
        assertThat(result.get("status").asText()).isEqualTo("FINISHED");
        assertThat(result.get("metrics").fieldNames()).toIterable().contains("auc", "f1", "recall");
        assertThat(mlflow.getRun(result.get("mlflow_run_id").asText()).info().experimentId())
                .isEqualTo(result.get("mlflow_experiment_id").asText());
    }

    @Test
    void aFailingLocalCommandExitsThreeAfterPrintingTheResult() throws IOException {
        String python = MlflowServerExtension.pythonExecutable().toString();

        CliRun cli = CliRun.run(env, "train", "--experiment", experiment, "--json", "--", python, "-c",
                "raise SystemExit(4)");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.REMOTE);
        JsonNode ending = JSON.readTree(cli.stdout());
        assertThat(ending.get("status").asText()).isEqualTo("failed");
        assertThat(ending.get("result").get("status").asText()).isEqualTo("FAILED");
        assertThat(cli.stderr()).contains("error: training command exited with code 4");
    }

    @Test
    void theTrainingScriptsOwnOutputIsRelayedAsWrittenColoursIncluded() {
        String python = MlflowServerExtension.pythonExecutable().toString();

        CliRun cli = CliRun.run(env, "train", "--experiment", experiment, "--", python, "-c",
                "print('\\033[32mepoch 1/3\\033[0m loss=0.412')");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        // The user's own program, not data: its colours reach the terminal or CI log as it wrote them.
        assertThat(cli.stderr()).contains("| \u001b[32mepoch 1/3\u001b[0m loss=0.412");
    }

    @Test
    void anEmptyReleaseVersionIsAUsageErrorNamingItBeforeTheRunIsCreated() {
        CliRun cli = CliRun.run(env, "train", "--experiment", experiment, "--release-version", "", "--",
                MlflowServerExtension.pythonExecutable().toString(), "-c", "pass");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: --release-version is empty");
        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
    }

    @Test
    void aReleaseVersionThatRegisterWouldRefuseIsAUsageErrorBeforeTheRunIsCreated() {
        CliRun cli = CliRun.run(env, "train", "--experiment", experiment, "--release-version", "1.4.0 rc1", "--",
                MlflowServerExtension.pythonExecutable().toString(), "-c", "pass");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: --release-version '1.4.0 rc1' is not valid")
                .contains("use 1-128 letters, digits, '.', '_', '+' or '-', starting with a letter or digit");
        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
    }

    @Test
    void aReleaseVersionFromTheEnvironmentThatRegisterWouldRefuseIsAUsageErrorNamingTheVariable() {
        Map<String, String> withRelease = new HashMap<>(env);
        withRelease.put("MLOPS_RELEASE_VERSION", "release/1.4");

        CliRun cli = CliRun.run(withRelease, "train", "--experiment", experiment, "--",
                MlflowServerExtension.pythonExecutable().toString(), "-c", "pass");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: $MLOPS_RELEASE_VERSION 'release/1.4' is not valid");
        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
    }

    @Test
    void kubeflowAndALocalCommandTogetherIsAUsageError() {
        CliRun cli = CliRun.run(env, "train", "--kubeflow", pipeline, "--", "python", "train.py");
        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("give either --kubeflow PIPELINE.yaml or a local command after '--'");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"--kfp-url, http://ml-pipeline-ui", "--kfp-ui-url, https://kubeflow.example/pipeline",
        "--kfp-namespace, team-fraud", "--kfp-token-file, /var/run/secrets/kfp/token",
        "--pipeline-name, fraud-detection", "--param, n_estimators=300", "--service-account, pipeline-runner"})
    void aKubeflowOptionWithALocalCommandIsAUsageErrorNotIgnored(String option, String value) {
        CliRun cli = CliRun.run(env, "train", "--experiment", experiment, option, value, "--",
                MlflowServerExtension.pythonExecutable().toString(), "-c", "pass");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: " + option + " only applies to --kubeflow");
        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
    }

    @Test
    void neitherKubeflowNorALocalCommandIsAUsageErrorSayingToGiveOne() {
        CliRun cli = CliRun.run(env, "train", "--experiment", experiment);

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: give --kubeflow PIPELINE.yaml or a local command after '--'")
                .doesNotContain("not both");
    }

    @Test
    void aTimeoutThatIsNotADurationIsAUsageError() {
        CliRun cli = CliRun.run(env, "train", "--experiment", experiment, "--timeout", "soon", "--", "python");
        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("--timeout: 'soon' is not a positive duration");
    }

    @Test
    void aTimeoutTooLongToWaitForIsAUsageErrorNamingTheLargestBeforeTheRunIsCreated() {
        CliRun cli = CliRun.run(env, "train", "--experiment", experiment, "--timeout", "9223372036854775807s", "--",
                MlflowServerExtension.pythonExecutable().toString(), "-c", "pass");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: --timeout: '9223372036854775807s' is longer than the largest"
                + " accepted duration, 106751991167d").doesNotContain("Exception");
        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
    }

    @Test
    void aScriptWhoseInterpreterIsMissingIsAUsageErrorNamingItBeforeTheRunIsCreated(@TempDir Path dir)
            throws IOException {
        Path script = Files.writeString(dir.resolve("badshebang"), "#!/nonexistent/interp\necho hi\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();

        CliRun cli = CliRun.run(env, "train", "--experiment", experiment, "--release-version", "1.0", "--",
                script.toString());

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: training command '" + script + "' cannot start: its interpreter"
                + " '/nonexistent/interp' (its #! line) does not exist").doesNotContain("Cannot run program");
        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
    }

    @Test
    void aGzippedPipelineIsAUsageErrorSayingKubeflowNeedsTheCompiledYaml(@TempDir Path dir) throws IOException {
        Path gzipped = dir.resolve("pipeline.yaml.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzipped))) {
            out.write(Files.readAllBytes(Path.of(pipeline)));
        }

        CliRun cli = CliRun.run(env, "train", "--kubeflow", gzipped.toString(), "--kfp-url", kfp.url(),
                "--release-version", "1.4.0");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: --kubeflow: pipeline file pipeline.yaml.gz is not a Kubeflow"
                + " pipeline YAML (compiled pipeline spec): it is binary, not text").doesNotContain("Exception");
        assertThat(kfp.calls()).isEmpty();
    }

    @Test
    void aPipelineThatIsADirectoryIsAUsageErrorSayingAFileIsNeeded(@TempDir Path dir) {
        CliRun cli = CliRun.run(env, "train", "--kubeflow", dir.toString(), "--kfp-url", kfp.url(),
                "--release-version", "1.4.0");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: --kubeflow: pipeline file '" + dir + "' is a directory, not a file");
        assertThat(kfp.calls()).isEmpty();
    }
}

package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.deploy.FakeModelServer;
import io.mlopsbridge.deploy.KServeCluster;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.registry.RegisterModel;
import io.mlopsbridge.registry.RegisterRequest;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlops deploy} end to end: real MLflow server, validating mock cluster reached through a kubeconfig. */
@ExtendWith(MlflowServerExtension.class)
class DeployCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final KServeCluster cluster = new KServeCluster();
    @TempDir
    Path dir;

    private final MlflowClient mlflow;
    private final TrainingRuns training;
    private final Map<String, String> env = new HashMap<>();
    private final String name = TrainingRuns.modelName("fraud");
    private final String service;
    private final FakeModelServer model;

    DeployCommandTest(MlflowServer server) {
        this.mlflow = server.client();
        this.training = new TrainingRuns(mlflow);
        env.put("MLFLOW_TRACKING_URI", server.trackingUri());
        env.put("JOB_NAME", "fraud/main");
        env.put("BUILD_NUMBER", "128");
        env.put("GIT_COMMIT", "3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210");
        this.service = io.mlopsbridge.deploy.ServiceName.derivedFrom(name).value();
        this.model = new FakeModelServer(service);
    }

    @AfterEach
    void stopModel() {
        model.close();
    }

    private String registerVersion() {
        Run run = training.finishedRun(Map.of("auc", 0.94));
        return new RegisterModel(mlflow, BuildLog.silent()).register(RegisterRequest.of(name, run.runId())).version();
    }

    private CliRun deploy(String version, String... more) throws Exception {
        Path kubeconfig = cluster.kubeconfig(dir);
        Path smoke = Files.writeString(dir.resolve("smoke.json"), "{\"inputs\": [{\"name\": \"input-0\","
                + " \"shape\": [1, 2], \"datatype\": \"FP64\", \"data\": [[0.1, 1.0]]}]}");
        String[] base = {"deploy", "--model", name, "--version", version, "--target", "kserve",
            "--kubeconfig", kubeconfig.toString(), "--artifacts-destination", "s3://mlflow-artifacts",
            "--smoke", smoke.toString(), "--timeout", "20s"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.run(env, args);
    }

    @Test
    void deploysPromotesAndPrintsJson() throws Exception {
        String version = registerVersion();
        cluster.startController(service, model.url(), isvc -> KServeCluster.Outcome.READY);

        CliRun cli = deploy(version, "--promote-alias", "champion", "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        JsonNode result = JSON.readTree(cli.stdout());
        assertThat(result.at("/rollout/outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.at("/rollout/smoke/passed").asBoolean()).isTrue();
        assertThat(result.at("/aliasMove/alias").asText()).isEqualTo("champion");
        assertThat(mlflow.findAlias(name, "champion").map(ModelVersion::version)).contains(version);
        assertThat(cli.stderr()).contains("smoke test: 1 requests, 0 errors");
    }

    @Test
    void aFailingSmokeGateRollsBackAndExitsOne() throws Exception {
        String version = registerVersion();
        model.breakModel();
        cluster.startController(service, model.url(), isvc -> KServeCluster.Outcome.READY);

        CliRun cli = deploy(version, "--promote-alias", "champion", "--smoke-gate", "error_rate == 0");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.VERDICT_FAILED);
        assertThat(cli.stdout()).startsWith("rolled back: " + name + " version " + version + " on kserve models/"
                + service + ": smoke test failed");
        assertThat(mlflow.findAlias(name, "champion")).isEmpty();
        assertThat(cluster.inferenceService(service)).isEmpty();
    }

    @Test
    void aDryRunPrintsTheManifestAndAppliesNothing() throws Exception {
        String version = registerVersion();

        CliRun cli = deploy(version, "--dry-run", "--deployment-mode", "knative", "--canary", "10");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).contains("kind: \"InferenceService\"").contains("protocolVersion: \"v2\"")
                .contains("serving.kserve.io/deploymentMode: \"Serverless\"");
        assertThat(cli.stderr()).contains("first deployment of " + service + ", so there is no previous revision");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void anUnreadableStorageLocationIsAUsageErrorWithAHint() throws Exception {
        String version = registerVersion();
        Path kubeconfig = cluster.kubeconfig(dir);

        CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", version, "--target", "kserve",
                "--kubeconfig", kubeconfig.toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: storage URI: KServe cannot read 'mlflow-artifacts:/")
                .contains("--artifacts-destination");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void versionAndAliasExcludeEachOther() {
        CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", "1", "--alias", "champion",
                "--target", "local");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("mutually exclusive");
    }

    @Test
    void serverAndTokenAccessWorksAndTheTokenNeverAppearsInOutput() throws Exception {
        String version = registerVersion();
        env.put("MLOPS_KUBE_TOKEN", "eyJhbGciOiJSUzI1NiJ9.secret-sa-token");

        CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", version, "--target", "kserve",
                "--kube-server", cluster.client().getMasterUrl().toString(), "--namespace", "models",
                "--artifacts-destination", "s3://mlflow-artifacts", "--dry-run", "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(JSON.readTree(cli.stdout()).get("dryRun").asBoolean()).isTrue();
        assertThat(cli.allOutput()).doesNotContain("secret-sa-token");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void kubeServerWithoutATokenIsAUsageError() throws Exception {
        String version = registerVersion();

        CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", version, "--target", "kserve",
                "--kube-server", "https://k8s.example.com:6443", "--artifacts-destination", "s3://b");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).startsWith("error: deploy: --kube-server needs a token in $MLOPS_KUBE_TOKEN");
        assertThat(cli.stderr()).as("checked before anything is contacted").doesNotContain("MLflow:");
    }
}

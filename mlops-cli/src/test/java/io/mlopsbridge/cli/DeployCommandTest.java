package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.deploy.FakeModelServer;
import io.mlopsbridge.deploy.KServeCluster;
import io.mlopsbridge.deploy.KubernetesSchema;
import io.mlopsbridge.http.ListeningLoopbackPort;
import io.mlopsbridge.http.RefusingLoopbackPort;
import io.mlopsbridge.mlflow.CountingProxy;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code mlops deploy} end to end: real MLflow server, validating mock cluster reached through a kubeconfig. */
@ExtendWith(MlflowServerExtension.class)
class DeployCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final KServeCluster cluster = new KServeCluster();
    @TempDir
    Path dir;

    private final MlflowServer server;
    private final MlflowClient mlflow;
    private final TrainingRuns training;
    private final Map<String, String> env = new HashMap<>();
    private final String name = TrainingRuns.modelName("fraud");
    private final String service;
    private final FakeModelServer model;

    DeployCommandTest(MlflowServer server) {
        this.server = server;
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
            "--smoke", smoke.toString(), "--timeout", "2m"};
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
    void losingTheAliasRaceExitsFiveRollsBackAndLeavesTheAliasToTheWinner() throws Exception {
        String version = registerVersion();
        String rival = registerVersion();
        cluster.startController(service, model.url(), isvc -> KServeCluster.Outcome.READY);
        try (CountingProxy proxy = new CountingProxy(server.uri())) {
            // Another build moves champion between this deploy's move and its read-back.
            proxy.afterAnswerTo("POST /api/2.0/mlflow/registered-models/alias", "\"alias\":\"champion\"",
                    () -> mlflow.setAlias(name, "champion", rival));
            env.put("MLFLOW_TRACKING_URI", proxy.uri().toString());

            CliRun cli = deploy(version, "--promote-alias", "champion", "--json");

            assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.CONFLICT);
            JsonNode result = JSON.readTree(cli.stdout());
            assertThat(result.get("status").asText()).isEqualTo("conflict");
            assertThat(result.get("alias_holder").asText()).isEqualTo(rival);
            assertThat(result.at("/error/message").asText()).contains("so this rollout was rolled back")
                    .endsWith(name + "@champion is left to the winner");
        }
        assertThat(mlflow.findAlias(name, "champion").map(ModelVersion::version)).contains(rival);
        assertThat(cluster.inferenceService(service)).isEmpty();
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
        env.put("MLOPS_KUBE_TOKEN", KServeCluster.TOKEN);

        CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", version, "--target", "kserve",
                "--kube-server", cluster.client().getMasterUrl().toString(), "--namespace", "models",
                "--artifacts-destination", "s3://mlflow-artifacts", "--dry-run", "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(JSON.readTree(cli.stdout()).get("dryRun").asBoolean()).isTrue();
        assertThat(cli.allOutput()).doesNotContain("deployer-sa-token");
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

    @Test
    void aKubeServerWithoutSchemeIsAUsageErrorShowingTheExpectedForm() {
        env.put("MLOPS_KUBE_TOKEN", KServeCluster.TOKEN);

        CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", "1", "--target", "kserve",
                "--kube-server", "10.20.0.15:6443", "--artifacts-destination", "s3://mlflow-artifacts");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: deploy: --kube-server '10.20.0.15:6443' is not an http(s) URL");
        assertThat(cli.stderr()).contains("https://HOST:PORT")
                .as("checked before anything is contacted").doesNotContain("MLflow:");
    }

    @Test
    void aKubeServerWithCredentialsIsAUsageErrorThatDoesNotRepeatThem() {
        env.put("MLOPS_KUBE_TOKEN", KServeCluster.TOKEN);

        for (String server : new String[] {"https://ci:Kube5ecret@k8s.example.com:6443",
                "https://k8s.example.com:6443/?token=Kube5ecret"}) {
            CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", "1", "--target", "kserve",
                    "--kube-server", server, "--artifacts-destination", "s3://mlflow-artifacts");

            assertThat(cli.exitCode()).as(server).isEqualTo(ExitCode.USAGE);
            assertThat(errorLine(cli)).as(server).startsWith("error: deploy: --kube-server must not contain a user "
                    + "name or password or a credential parameter");
            assertThat(cli.stdout() + cli.stderr()).as(server).doesNotContain("Kube5ecret")
                    .as("checked before anything is contacted").doesNotContain("MLflow:");
        }
    }

    @Test
    void aSmokeFileThatIsADirectoryIsAUsageErrorSayingAFileIsNeeded() throws Exception {
        Path smokeDir = Files.createDirectories(dir.resolve("smoke"));

        CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", "1", "--target", "local",
                "--smoke", smokeDir.toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: smoke requests: file '" + smokeDir + "' is a directory, not a"
                + " file");
    }

    @Test
    void aKubeconfigThatIsNotOneIsAUsageErrorNamingTheOptionAndTheFileWithoutAJavaClass() throws Exception {
        String version = registerVersion();
        Path notAKubeconfig = Files.writeString(dir.resolve("afile"), "x\n");

        CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", version, "--target", "kserve", "--dry-run",
                "--storage-uri", "s3://b/m", "--kubeconfig", notAKubeconfig.toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: --kubeconfig: '" + notAKubeconfig + "' is not a valid kubeconfig"
                + " (YAML with apiVersion, clusters, contexts and users)");
        assertThat(cli.stderr()).doesNotContain("io.fabric8").doesNotContain("Exception");
    }

    @Test
    void aKubeconfigThatIsADirectoryIsAUsageErrorBeforeMlflowIsAsked() throws Exception {
        Path kubeDir = Files.createDirectories(dir.resolve(".kube"));

        CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", "1", "--target", "kserve",
                "--kubeconfig", kubeDir.toString(), "--artifacts-destination", "s3://mlflow-artifacts");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: kubeconfig: file '" + kubeDir + "' is a directory, not a file");
        assertThat(cli.stderr()).contains("--kubeconfig").doesNotContain("MLflow:");
    }

    @ParameterizedTest
    @ValueSource(ints = {150, 0, -5})
    void aCanaryOutsideOneToNinetyNineIsRefusedBeforeTheClusterIsContacted(int percent) throws Exception {
        String version = registerVersion();
        env.put("MLOPS_KUBE_TOKEN", KServeCluster.TOKEN);
        try (ListeningLoopbackPort apiServer = ListeningLoopbackPort.open()) {
            CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", version, "--target", "kserve",
                    "--kube-server", apiServer.httpsUrl(), "--storage-uri", "s3://models/fraud/",
                    "--canary", String.valueOf(percent));

            assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(errorLine(cli)).isEqualTo("error: canary: " + percent + " % must be between 1 and 99");
            assertThat(apiServer.connections()).as("connections to the API server").isZero();
        }
    }

    @Test
    void theKubernetesTargetWithoutAnImageIsRefusedBeforeTheClusterIsContacted() throws Exception {
        String version = registerVersion();
        env.put("MLOPS_KUBE_TOKEN", KServeCluster.TOKEN);
        try (ListeningLoopbackPort apiServer = ListeningLoopbackPort.open()) {
            CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", version, "--target", "kubernetes",
                    "--kube-server", apiServer.httpsUrl(), "--cluster-tracking-uri", "http://mlflow.mlflow.svc:5000");

            assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(errorLine(cli)).isEqualTo("error: deploy: the kubernetes target needs an image");
            assertThat(cli.stderr()).contains("pass --image");
            assertThat(apiServer.connections()).as("connections to the API server").isZero();
        }
    }

    /** The {@code error:} line of a refused run: exactly one, and no stack trace. */
    private static String errorLine(CliRun cli) {
        List<String> errors = cli.stderr().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).as(cli.stderr()).hasSize(1);
        assertThat(cli.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        return errors.get(0);
    }

    @Test
    void aNamespaceThatIsNotADnsLabelIsRefusedBeforeAnyWrite() throws Exception {
        String version = registerVersion();

        CliRun cli = deploy(version, "--namespace", "Bad_NS");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: namespace 'Bad_NS' is not a valid Kubernetes namespace");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void anEmptyReleaseIsRefusedNamingReleaseBeforeAnyWrite() throws Exception {
        String version = registerVersion();

        CliRun cli = deploy(version, "--release", "");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: --release is empty");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void aCpuRequestAboveItsLimitIsRefusedBeforeAnyWrite() throws Exception {
        String version = registerVersion();

        CliRun cli = deploy(version, "--cpu", "2:1");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: resources: cpu request 2 is above its limit 1");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void aMemoryRequestAboveItsLimitIsRefusedBeforeAnyWrite() throws Exception {
        String version = registerVersion();

        CliRun cli = deploy(version, "--memory", "4Gi:1Gi");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: resources: memory request 4Gi is above its limit 1Gi");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void aCpuWithADecimalExponentIsAUsageErrorNamingCpuNotAnInternalError() throws Exception {
        CliRun cli = deploy("1", "--cpu", "1e1.5");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: resources: cpu request '1e1.5' is not a Kubernetes quantity");
        assertThat(cli.stderr()).contains("pass --cpu as REQ[:LIMIT]");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void aStorageUriWithAPasswordIsAUsageErrorAndTheDryRunPrintsNoManifest() throws Exception {
        String version = registerVersion();

        CliRun cli = deploy(version, "--storage-uri", "https://ci-bot:s3cr3t-Pa55@models.example.com/fraud/7/",
                "--dry-run", "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).startsWith("error: deploy: --storage-uri must not contain a user name or password");
        assertThat(cli.stderr() + cli.stdout()).doesNotContain("s3cr3t-Pa55");
    }

    @Test
    void aCpuRequestWithoutLimitKeepsTheDefaultLimitOrRaisesItToTheRequest() throws Exception {
        String version = registerVersion();

        CliRun small = deploy(version, "--cpu", "500m", "--dry-run", "--json");
        CliRun large = deploy(version, "--cpu", "2", "--dry-run", "--json");

        assertThat(resources(small).at("/requests/cpu").asText()).isEqualTo("500m");
        assertThat(resources(small).at("/limits/cpu").asText()).isEqualTo("1");
        assertThat(resources(large).at("/requests/cpu").asText()).isEqualTo("2");
        assertThat(resources(large).at("/limits/cpu").asText()).isEqualTo("2");
    }

    /** The predictor's resources in a dry run's InferenceService. */
    private static JsonNode resources(CliRun dryRun) throws Exception {
        String manifests = JSON.readTree(dryRun.stdout()).get("manifests").asText();
        return new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(manifests)
                .at("/spec/predictor/model/resources");
    }

    @Test
    void kubernetesTargetOptionsAreRefusedForKserve() throws Exception {
        String version = registerVersion();

        CliRun cli = deploy(version, "--image", "registry.example.com/fraud-serving:1.4", "--replicas", "3");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: deploy: --image, --replicas do not apply to the kserve target");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void anUnknownDeploymentModeIsAUsageErrorNamingTheOptionAndTheModesItTakes() {
        CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", "3", "--target", "kserve",
                "--deployment-mode", "Raw-Deployment", "--kubeconfig", cluster.kubeconfig(dir).toString(),
                "--artifacts-destination", "s3://mlflow-artifacts");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: --deployment-mode: unknown mode 'Raw-Deployment'");
        assertThat(cli.stderr()).contains("use knative or standard, or KServe's names Serverless or RawDeployment")
                .as("checked before anything is contacted").doesNotContain("MLflow:");
        assertThat(cluster.writes()).isEmpty();
    }

    private CliRun deployToKubernetes(String version, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("deploy", "--model", name, "--version", version,
                "--target", "kubernetes", "--kubeconfig", cluster.kubeconfig(dir).toString(),
                "--image", "registry.example.com/fraud-serving:1.4"));
        args.addAll(List.of(more));
        return CliRun.run(env, args.toArray(String[]::new));
    }

    @Test
    void aLoopbackTrackingUriIsRefusedForPodsOfTheKubernetesTarget() throws Exception {
        String version = registerVersion();

        CliRun cli = deployToKubernetes(version);

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).startsWith("error: deploy: the kubernetes target's pods cannot reach the tracking"
                + " URI " + env.get("MLFLOW_TRACKING_URI"));
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void aClusterReachableTrackingUriGoesIntoThePods() throws Exception {
        String version = registerVersion();

        CliRun cli = deployToKubernetes(version, "--cluster-tracking-uri", "http://mlflow.mlflow.svc:5000",
                "--dry-run");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).contains("value: \"http://mlflow.mlflow.svc:5000\"").doesNotContain("127.0.0.1");
        assertThat(KubernetesSchema.violations(cli.stdout())).as("the printed Deployment and Service").isEmpty();
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void aClusterTrackingUriWithAPasswordIsRefusedWithoutPrintingIt() throws Exception {
        String version = registerVersion();

        // The pods' environment, the rollout record and the printed manifests would all carry it; the image serving
        // its own model still gets the URI in its environment.
        CliRun cli = deployToKubernetes(version, "--image-serves-model", "--cluster-tracking-uri",
                "http://ci-bot:s3cr3t-Pa55@mlflow.mlflow.svc:5000", "--dry-run");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).startsWith("error: deploy: --cluster-tracking-uri must not contain a user name "
                + "or password");
        assertThat(cli.stderr() + cli.stdout()).doesNotContain("s3cr3t-Pa55");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void anUnreachableApiServerSaysConnectionRefused() throws Exception {
        String version = registerVersion();
        try (RefusingLoopbackPort refusing = RefusingLoopbackPort.open()) {
            int closedPort = refusing.port();
            env.put("MLOPS_KUBE_TOKEN", KServeCluster.TOKEN);

            CliRun cli = CliRun.run(env, "deploy", "--model", name, "--version", version, "--target", "kserve",
                    "--kube-server", "https://127.0.0.1:" + closedPort, "--artifacts-destination", "s3://b");

            assertThat(cli.exitCode()).isEqualTo(ExitCode.REMOTE);
            assertThat(errorLine(cli)).isEqualTo("error: cannot connect to https://127.0.0.1:" + closedPort
                    + "/: connection refused");
        }
    }
}

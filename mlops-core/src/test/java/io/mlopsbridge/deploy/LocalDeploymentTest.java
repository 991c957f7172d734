package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.ProcessTable;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.PythonTraining;
import io.mlopsbridge.mlflow.TrainingRuns;
import io.mlopsbridge.registry.RegisterModel;
import io.mlopsbridge.registry.RegisterRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local target for real: a scikit-learn model logged by MLflow's own Python client and registered in the
 * real MLflow server, served with {@code mlflow models serve}, smoke-tested over {@code /invocations}, stopped.
 */
@ExtendWith(MlflowServerExtension.class)
class LocalDeploymentTest {
    /** One row of the six features the helper script's classifier was trained on. */
    private static final String ROW = "[0.12, -1.3, 0.8, 2.1, -0.4, 0.05]";
    private static String modelName;
    private static String version;

    private final MlflowClient mlflow;
    private final RecordingLog log = new RecordingLog();
    @TempDir
    Path dir;

    LocalDeploymentTest(MlflowServer server) {
        this.mlflow = server.client();
    }

    @BeforeAll
    static void registerScikitLearnModel(MlflowServer server) {
        PythonTraining.LoggedRun logged = PythonTraining.logSklearnModel(server, "local-" + TrainingRuns.shortId(), 0);
        modelName = TrainingRuns.modelName("fraud-local");
        version = new RegisterModel(server.client(), BuildLog.silent())
                .register(RegisterRequest.of(modelName, logged.runId())).version();
    }

    private DeployModel deployer() {
        return DeployModel.with(mlflow, null, List.of(MlflowServerExtension.mlflowExecutable().toString()), log);
    }

    private Path smoke(String body) throws IOException {
        return Files.writeString(dir.resolve("smoke.json"), body);
    }

    @Test
    void servesTheRegisteredVersionPassesTheSmokeTestAndStopsTheServer() throws Exception {
        DeployRequest request = DeployRequest.builder(modelName, DeployTarget.LOCAL).version(version)
                .smoke(smoke("{\"requests\": [{\"inputs\": [" + ROW + "]}], \"repeat\": 10}"),
                        "error_rate == 0 && latency_p95_ms < 5000", null)
                .timeout(Duration.ofMinutes(3)).done();

        DeployResult result = deployer().deploy(request);

        assertThat(result.succeeded()).as(log.text()).isTrue();
        assertThat(result.rollout().smoke().outcome().requests()).isEqualTo(10);
        assertThat(result.rollout().smoke().outcome().errors()).isZero();
        assertThat(log.text()).contains("local: model server stopped");
        assertThat(listening(result.rollout().endpoint())).as("server port closed").isFalse();
        assertThat(mlflow.getModelVersion(modelName, version).tagValues()).containsKey(DeploymentTags.LOCAL_CHECK)
                .doesNotContainKey(DeploymentTags.DEPLOYED_TO);
    }

    @Test
    void aBrokenSmokeGateTakesTheRollbackPathLeavesTheAliasAndStopsTheServer() throws Exception {
        mlflow.setAlias(modelName, "candidate", version);
        DeployRequest request = DeployRequest.builder(modelName, DeployTarget.LOCAL).alias("candidate")
                .smoke(smoke("{\"inputs\": [[0.12, -1.3]]}"), "error_rate == 0", null).promoteAlias("champion")
                .timeout(Duration.ofMinutes(3)).done();

        DeployResult result = deployer().deploy(request);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.smokeGateFailed()).isTrue();
        assertThat(result.rollout().outcome()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(result.rollout().failure()).startsWith("local: smoke test failed: gate failed");
        assertThat(result.rollout().smoke().outcome().errorSamples().get(0)).startsWith("request 1: HTTP 400");
        assertThat(mlflow.findAlias(modelName, "champion")).isEmpty();
        assertThat(log.text()).contains("local: model server stopped");
        assertThat(listening(result.rollout().endpoint())).isFalse();
    }

    private static boolean listening(String url) {
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aCancelWhileTheModelServerStartsStopsItsWholeProcessTreeAndMovesNoAlias() throws Exception {
        Cancellation cancellation = Cancellation.create();
        DeployRequest request = DeployRequest.builder(modelName, DeployTarget.LOCAL).version(version)
                .promoteAlias("champion").timeout(Duration.ofMinutes(3)).done();
        CompletableFuture<DeployResult> deploying = CompletableFuture.supplyAsync(() -> deployer().deploy(request,
                cancellation));
        String modelUri = "models:/" + modelName + "/" + version;
        List<ProcessHandle> server = List.of();
        while (server.size() < 2 && !deploying.isDone()) { // mlflow models serve and the server it starts
            Thread.sleep(50);
            server = ProcessTable.treesOf("models", "serve", modelUri);
        }

        cancellation.cancel("SIGTERM");

        assertThatThrownBy(deploying::join).hasCauseInstanceOf(MlopsException.class).cause()
                .satisfies(e -> assertThat(((MlopsException) e).kind()).isEqualTo(ErrorKind.ABORTED))
                .hasMessageMatching("mlflow models serve \\(pid \\d+\\) and its child processes stopped");
        assertThat(server).as("the server's process tree was seen running").hasSizeGreaterThanOrEqualTo(2);
        assertThat(ProcessTable.stillAlive(server)).isEmpty();
        assertThat(ProcessTable.treesOf("models", "serve", modelUri)).isEmpty();
        assertThat(mlflow.findAlias(modelName, "champion")).isEmpty();
    }
}

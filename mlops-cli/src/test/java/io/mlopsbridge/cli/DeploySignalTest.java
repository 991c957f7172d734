package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.core.ProcessTable;
import io.mlopsbridge.deploy.FakeModelServer;
import io.mlopsbridge.deploy.KServeCluster;
import io.mlopsbridge.deploy.ServiceName;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlops deploy} as a child process, stopped by SIGTERM mid-way: the local model server's whole process tree
 * is gone, a cluster rollout is rolled back, the alias stays where it was, and the command exits 143 with one
 * {@code aborted:} line.
 */
@ExtendWith(MlflowServerExtension.class)
class DeploySignalTest {
    @RegisterExtension
    final KServeCluster cluster = new KServeCluster();
    @TempDir
    Path dir;

    private final MlflowServer server;
    private final MlflowClient mlflow;
    private final Map<String, String> env = new HashMap<>();

    DeploySignalTest(MlflowServer server) {
        this.server = server;
        this.mlflow = server.client();
        env.put("MLFLOW_TRACKING_URI", server.trackingUri());
    }

    private FakeModelServer model;

    @AfterEach
    void stopModel() {
        if (model != null) {
            model.close();
        }
    }

    private String register(String name, String runId) {
        return new RegisterModel(mlflow, BuildLog.silent()).register(RegisterRequest.of(name, runId)).version();
    }

    @Test
    void sigtermWhileTheLocalModelServerStartsLeavesNoServerProcessAndNoAlias() throws Exception {
        String name = TrainingRuns.modelName("fraud-signal");
        String version = register(name, PythonTraining.logSklearnModel(server, "signal-" + TrainingRuns.shortId(),
                0).runId());
        String modelUri = "models:/" + name + "/" + version;
        try (CliProcess cli = CliProcess.start(env, "deploy", "--model", name, "--version", version, "--target",
                "local", "--promote-alias", "champion", "--timeout", "3m", "--mlflow-bin",
                MlflowServerExtension.mlflowExecutable().toString())) {
            cli.awaitLine(line -> line.startsWith("local: starting mlflow models serve"));
            List<ProcessHandle> serving = List.of();
            while (serving.size() < 2) { // mlflow models serve and the server it starts
                Thread.sleep(50);
                serving = ProcessTable.treesOf("models", "serve", modelUri);
            }

            cli.signal("TERM");

            assertThat(cli.awaitExit()).isEqualTo(143);
            assertThat(cli.abortedLines()).singleElement().asString()
                    .matches("aborted: mlflow models serve \\(pid \\d+\\) and its child processes stopped");
            assertThat(ProcessTable.stillAlive(serving)).isEmpty();
            assertThat(ProcessTable.treesOf("models", "serve", modelUri)).isEmpty();
            assertThat(mlflow.findAlias(name, "champion")).isEmpty();
        }
    }

    @Test
    void sigtermDuringAKServeRolloutRollsItBackAndLeavesTheAlias() throws Exception {
        String name = TrainingRuns.modelName("fraud-signal");
        String service = ServiceName.derivedFrom(name).value();
        model = new FakeModelServer(service);
        TrainingRuns training = new TrainingRuns(mlflow);
        String v1 = register(name, training.finishedRun(Map.of("auc", 0.94)).runId());
        mlflow.setAlias(name, "champion", v1);
        String v2 = register(name, training.finishedRun(Map.of("auc", 0.95)).runId());
        cluster.startController(service, model.url(), isvc -> KServeCluster.Outcome.NOTHING); // never ready
        Path smoke = Files.writeString(dir.resolve("smoke.json"), "{\"inputs\": [{\"name\": \"input-0\","
                + " \"shape\": [1, 2], \"datatype\": \"FP64\", \"data\": [[0.1, 1.0]]}]}");
        try (CliProcess cli = CliProcess.start(env, "deploy", "--model", name, "--version", v2, "--target", "kserve",
                "--kubeconfig", cluster.kubeconfig(dir).toString(), "--namespace", KServeCluster.NAMESPACE,
                "--artifacts-destination", "s3://mlflow-artifacts", "--smoke", smoke.toString(),
                "--promote-alias", "champion", "--timeout", "2m")) {
            cli.awaitLine(line -> line.startsWith("created InferenceService"));

            cli.signal("TERM");

            assertThat(cli.awaitExit()).isEqualTo(143);
            assertThat(cli.abortedLines()).containsExactly("aborted: rollout of " + KServeCluster.NAMESPACE + "/"
                    + service + " rolled back");
            assertThat(cluster.inferenceService(service)).as("it did not exist before, so it is deleted").isEmpty();
            assertThat(mlflow.findAlias(name, "champion").map(ModelVersion::version)).contains(v1);
        }
    }
}

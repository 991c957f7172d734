package io.jenkins.plugins.mlops.deploy;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.StepFailure;
import io.mlopsbridge.deploy.DeployModel;
import io.mlopsbridge.deploy.DeployRequest;
import io.mlopsbridge.deploy.DeployResult;
import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import java.io.File;
import java.io.IOException;
import java.io.Serial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * The {@code local} target on the agent that holds the workspace: the engine's local deployment runs there
 * ({@code mlflow models serve} on the agent's loopback, the smoke test, the promotion), its lines go to the build's
 * console (masked on the agent), and only the result travels back. An abort reaches it as an interrupt of this
 * call (remoting cancels it), which {@link DeployModelRun#deployAbortably} turns into the engine's cancellation: the
 * server's process tree is killed and the alias left or put back where it was.
 * <p>
 * The MLflow credential travels inside this callable, to the agent that needs it, and nowhere else: the step's
 * persisted execution holds credential ids only.
 */
final class LocalDeployOnAgent extends MasterToSlaveFileCallable<DeployResult> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final DeploySpec spec;
    private final String release;
    private final BuildInfo buildInfo;
    /** MLflow's variables (tracking URI and credential), as {@code mlflow models serve} reads them too. */
    private final Map<String, String> mlflowEnvironment;
    /** The mlflow executable, or null for the workspace's {@code .venv/bin/mlflow}, else {@code mlflow}. */
    private final String mlflowBin;
    private final TaskListener listener;

    LocalDeployOnAgent(DeploySpec spec, String release, BuildInfo buildInfo, Map<String, String> mlflowEnvironment,
                       String mlflowBin, TaskListener listener) {
        this.spec = spec;
        this.release = release;
        this.buildInfo = buildInfo;
        this.mlflowEnvironment = Map.copyOf(mlflowEnvironment);
        this.mlflowBin = mlflowBin;
        this.listener = listener;
    }

    @Override
    public DeployResult invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        MlflowConfig mlflow = MlflowConfig.fromEnvironment(mlflowEnvironment, null);
        List<String> secrets = mlflow.credentials().secrets();
        BuildLog log = StepEnvironment.log(listener, secrets);
        try {
            DeployRequest request = DeployModelRun.request(spec, smokeFile(workspace.toPath()), release, buildInfo);
            DeployModel engine = DeployModel.with(new MlflowClient(mlflow), null,
                    List.of(mlflowExecutable(workspace.toPath())), log);
            return DeployModelRun.deployAbortably(engine, request, "deployModel local " + spec.model(), log);
        } catch (RuntimeException e) {
            // One masked line crosses back, never the engine's exception with its facts.
            throw StepFailure.of(e, SecretMasker.of(secrets));
        }
    }

    private Path smokeFile(Path workspace) {
        if (spec.smoke() == null) {
            return null;
        }
        Path file = workspace.resolve(spec.smoke());
        if (!Files.isRegularFile(file)) {
            throw DeployModelRun.smokeFileMissing(spec.smoke());
        }
        return file;
    }

    /** As the CLI chooses it, with the workspace in place of the current folder. */
    private String mlflowExecutable(Path workspace) {
        if (mlflowBin != null) {
            return mlflowBin;
        }
        Path venv = workspace.resolve(".venv").resolve("bin").resolve("mlflow");
        return Files.isExecutable(venv) ? venv.toAbsolutePath().toString() : "mlflow";
    }
}

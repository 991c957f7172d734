package io.jenkins.plugins.mlops.deploy;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.TestExtensions;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.mlopsbridge.deploy.KServeCluster;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.TrainingRuns;
import io.mlopsbridge.registry.RegisterModel;
import io.mlopsbridge.registry.RegisterRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the deployModel tests against the KServe mock cluster share: a version registered in the real MLflow
 * server, the smoke requests in the workspace (Open Inference Protocol v2, as KServe serves), and the deployModel
 * call they make.
 */
final class KServeDeployments {
    static final String DESTINATION = "s3://mlflow-artifacts";

    private KServeDeployments() {
    }

    /**
     * Jenkins configured as a team would: MLflow's URL and the mock cluster's kubeconfig as the secret-file
     * credential {@code kserve-deployer}, whose token is {@code kubeToken} (the mock accepts any); the kubeconfig
     * file written on the way is deleted.
     */
    static void configureJenkins(MlflowServer server, KServeCluster cluster, Path scratch, String kubeToken)
            throws IOException {
        TestCredentials.clear();
        MlopsConfiguration config = TestExtensions.register(new MlopsConfiguration());
        config.setMlflowUrl(server.trackingUri());
        config.setKubeconfigCredentialsId("kserve-deployer");
        Path kubeconfig = cluster.kubeconfig(Files.createDirectories(scratch));
        TestCredentials.secretFile("kserve-deployer", Files.readString(kubeconfig)
                .replace("deployer-token", kubeToken));
        Files.delete(kubeconfig);
    }

    /** A new version of {@code name} from a finished training run with an AUC. */
    static String registerVersion(MlflowClient mlflow, String name) {
        io.mlopsbridge.mlflow.Run run = new TrainingRuns(mlflow).finishedRun(Map.of("auc", 0.94));
        return new RegisterModel(mlflow, BuildLog.silent()).register(RegisterRequest.of(name, run.runId()))
                .version();
    }

    /** Writes {@code smoke.json} (four V2 inference requests) into {@code workspace}. */
    static void writeSmokeRequests(Path workspace) throws IOException {
        Files.writeString(workspace.resolve("smoke.json"), "{\"requests\": [{\"inputs\": [{\"name\":"
                + " \"input-0\", \"shape\": [1, 2], \"datatype\": \"FP64\", \"data\": [[0.1, 1.0]]}]}],"
                + " \"repeat\": 4}");
    }

    /** Deploy {@code version} to the mock cluster's namespace, smoke-tested, promoting {@code champion}. */
    static DeployModelStep step(String name, String version) {
        DeployModelStep step = new DeployModelStep(name);
        step.setVersion(version);
        step.setNamespace(KServeCluster.NAMESPACE);
        step.setArtifactsDestination(DESTINATION);
        step.setSmoke("smoke.json");
        step.setSmokeGate("error_rate == 0");
        step.setPromoteAlias("champion");
        step.setTimeout("30s");
        step.setPollInterval("50ms");
        return step;
    }
}

package io.mlopsbridge.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.deploy.KServeCluster;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.TrainingRuns;
import io.mlopsbridge.registry.RegisterModel;
import io.mlopsbridge.registry.RegisterRequest;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * {@code deployModel} from the library: `mlops deploy` to the validating KServe mock cluster, reached through a
 * kubeconfig secret-file credential, with the real MLflow server for the version and the promoted alias.
 */
public class DeployModelVarTest extends LibraryPipelineTest {
    private final MlflowServer server = MlflowServerExtension.server();
    private final MlflowClient mlflow = server.client();
    private final String model = TrainingRuns.modelName("fraud-detector");
    @Rule
    public final ServingCluster serving = new ServingCluster(model);
    private final KServeCluster cluster = serving.cluster;
    private final String service = serving.service;

    @Before
    public void registeredCandidate() throws Exception {
        String runId = new TrainingRuns(mlflow).finishedRun(Map.of("auc", 0.95)).runId();
        new RegisterModel(mlflow, BuildLog.silent()).register(RegisterRequest.of(model, runId));
        agent.env("MLFLOW_TRACKING_URI", server.trackingUri());
        agent.writeFile("smoke.json", "{\"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 2], "
                + "\"datatype\": \"FP64\", \"data\": [[0.1, 1.0]]}]}");
        credentials.add("models-cluster", serving.kubeconfigCredential(folders.newFolder("kube").toPath()));
        variable("MODEL", model);
    }

    @Test
    public void theCandidateIsDeployedSmokeTestedAndPromotedAndTheMapIsTheCliJson() {
        serving.servesWhenDeployed();

        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                deployModel(model: MODEL, alias: 'candidate', target: 'kserve', namespace: 'models',
                            smoke: 'smoke.json', smokeGate: 'error_rate == 0', promoteAlias: 'champion',
                            artifactsDestination: 's3://mlflow-artifacts', timeout: '20s',
                            kubeconfigCredentialsId: 'models-cluster')
                """);

        assertThat(buildResult()).isEqualTo("SUCCESS");
        assertThat(result.get("version")).isEqualTo("1");
        assertThat(((Map<?, ?>) result.get("rollout")).get("outcome")).isEqualTo("SUCCEEDED");
        assertThat(((Map<?, ?>) ((Map<?, ?>) result.get("rollout")).get("smoke")).get("passed")).isEqualTo(true);
        assertThat(((Map<?, ?>) result.get("aliasMove")).get("alias")).isEqualTo("champion");
        assertThat(mlflow.findAlias(model, "champion").map(ModelVersion::version)).contains("1");
        assertThat(cluster.inferenceService(service)).isPresent();
        assertThat(agent.console()).doesNotContain("deployer-token");
    }

    @Test
    public void aFailingSmokeGateRollsBackAndFailsTheBuildWithoutPromoting() {
        serving.modelServer.breakModel();
        serving.servesWhenDeployed();

        assertThatThrownBy(() -> runPipeline("""
                deployModel(model: MODEL, version: '1', target: 'kserve', smoke: 'smoke.json',
                            promoteAlias: 'champion', artifactsDestination: 's3://mlflow-artifacts',
                            timeout: '20s', kubeconfigCredentialsId: 'models-cluster')
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessageStartingWith("deployModel: " + model + " version 1 rolled back: smoke test failed");

        assertThat(buildResult()).isEqualTo("FAILURE");
        assertThat(mlflow.findAlias(model, "champion")).isEmpty();
        assertThat(cluster.inferenceService(service)).isEmpty();
    }

    @Test
    public void aDryRunReturnsTheManifestsAndWritesNothing() {
        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                deployModel(model: MODEL, version: '1', target: 'kserve', dryRun: true, deploymentMode: 'knative',
                            canary: 10, artifactsDestination: 's3://mlflow-artifacts',
                            kubeconfigCredentialsId: 'models-cluster')
                """);

        assertThat(result.get("dryRun")).isEqualTo(true);
        assertThat(String.valueOf(result.get("manifests"))).contains("kind: \"InferenceService\"");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    public void versionAndAliasTogetherAreOneLineBeforeAnythingRuns() {
        assertThatThrownBy(() -> runPipeline("""
                deployModel(model: MODEL, version: '1', alias: 'candidate', target: 'kserve')
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessageStartingWith("deployModel: give either 'version' or 'alias'");
        assertThat(getHelper().methodCallCount("sh")).isZero();
    }

    /** Passed as a bare --smoke, true made the command line read the next option as the smoke file. */
    @Test
    public void trueForAParameterThatTakesAFileIsOneLineBeforeAnythingRuns() {
        assertThatThrownBy(() -> runPipeline("""
                deployModel(model: MODEL, version: '1', target: 'kserve', smoke: true, promoteAlias: 'champion')
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("deployModel: parameter 'smoke' takes a value, not true or false");
        assertThat(getHelper().methodCallCount("sh")).isZero();
    }

    @Test
    public void theClusterIsReachedThroughKubernetesServerUrlWithATokenCredentialThatNeverShows() {
        credentials.add("deployer-token", new JenkinsCredentials.SecretText(KServeCluster.TOKEN));
        variable("API_SERVER", cluster.client().getMasterUrl().toString());

        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                deployModel(model: MODEL, version: '1', target: 'kserve', namespace: 'models', dryRun: true,
                            serviceName: 'fraud-scoring', artifactsDestination: 's3://mlflow-artifacts',
                            kubernetesServerUrl: API_SERVER, kubernetesCredentialsId: 'deployer-token')
                """);

        assertThat(buildResult()).isEqualTo("SUCCESS");
        assertThat(result.get("dryRun")).isEqualTo(true);
        assertThat(String.valueOf(result.get("manifests"))).contains("name: \"fraud-scoring\"");
        assertThat(agent.console()).doesNotContain(KServeCluster.TOKEN);
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    public void theLibrarysOldParameterNameStillNamesTheService() {
        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                deployModel(model: MODEL, version: '1', target: 'kserve', dryRun: true, name: 'fraud-scoring',
                            artifactsDestination: 's3://mlflow-artifacts', kubeconfigCredentialsId: 'models-cluster')
                """);

        assertThat(String.valueOf(result.get("manifests"))).contains("name: \"fraud-scoring\"");
    }

    @Test
    public void serviceNameUnderBothItsNameAndItsOldNameIsOneLineBeforeAnythingRuns() {
        assertThatThrownBy(() -> runPipeline("""
                deployModel(model: MODEL, version: '1', target: 'kserve', name: 'fraud-scoring',
                            serviceName: 'fraud-scoring-v2')
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("deployModel: give 'serviceName' or its old name 'name', not both");
        assertThat(getHelper().methodCallCount("sh")).isZero();
    }
}

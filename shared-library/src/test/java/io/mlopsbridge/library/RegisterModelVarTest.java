package io.mlopsbridge.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Test;

/** {@code registerModel} from the library: the real command line against the real MLflow server. */
public class RegisterModelVarTest extends LibraryPipelineTest {
    private final MlflowServer server = MlflowServerExtension.server();
    private final MlflowClient mlflow = server.client();
    private final String model = TrainingRuns.modelName("fraud-detector");
    private String runId;

    @Before
    public void trainedRun() {
        runId = new TrainingRuns(mlflow).finishedRun(Map.of("auc", 0.94, "latency_p95_ms", 31.0)).runId();
        agent.env("MLFLOW_TRACKING_URI", server.trackingUri());
        variable("MODEL", model);
        variable("RUN_ID", runId);
    }

    @Test
    public void aPassingGateRegistersTheVersionWithTheBuildsLineageAndReturnsTheCliJsonAsAMap() {
        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                registerModel(model: MODEL, runId: RUN_ID, gate: 'auc >= 0.9 && latency_p95_ms <= 50',
                              alias: 'candidate', releaseVersion: '1.4.0')
                """);

        assertThat(buildResult()).isEqualTo("SUCCESS");
        assertThat(result.get("model")).isEqualTo(model);
        assertThat(result.get("passed")).isEqualTo(true);
        assertThat(result.get("alias_set")).isEqualTo("candidate");
        assertThat(result.get("release")).isEqualTo("1.4.0");
        assertThat(((Map<?, ?>) result.get("gate")).get("passed")).isEqualTo(true);
        String version = String.valueOf(result.get("version"));
        assertThat(mlflow.findAlias(model, "candidate").map(ModelVersion::version)).contains(version);
        Map<String, String> tags = mlflow.getModelVersion(model, version).tagValues();
        assertThat(tags).containsEntry("mlops.ci.job", "fraud-detection/main")
                .containsEntry("mlops.ci.build_number", "42")
                .containsEntry("mlops.release", "1.4.0")
                .containsEntry("mlops.gate.verdict", "passed");
        assertThat(((Map<?, ?>) result.get("tags")).get("mlops.ci.build_url"))
                .isEqualTo("https://ci.example.com/job/fraud-detection/job/main/42/");
    }

    @Test
    public void datasetDigestsAreTaggedOnTheNewVersionAndNoAliasSetsNone() {
        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                registerModel(model: MODEL, runId: RUN_ID, gate: 'auc >= 0.9', noAlias: true, readyTimeout: 120,
                              datasets: [transactions: 'sha256:9b74c9897bac770ffc029102a200c5de'])
                """);

        assertThat(result.get("passed")).isEqualTo(true);
        assertThat(result.get("alias_set")).isNull();
        assertThat(mlflow.findAlias(model, "candidate")).isEmpty();
        assertThat(mlflow.getModelVersion(model, String.valueOf(result.get("version"))).tagValues())
                .containsEntry("mlops.dataset.transactions.digest", "sha256:9b74c9897bac770ffc029102a200c5de");
    }

    @Test
    public void tagsAreSetOnTheNewVersionBesideTheLineage() {
        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                registerModel(model: MODEL, runId: RUN_ID, gate: 'auc >= 0.9', tags: [team: 'fraud', epochs: 30])
                """);

        assertThat(buildResult()).isEqualTo("SUCCESS");
        Map<String, String> tags = mlflow.getModelVersion(model, String.valueOf(result.get("version"))).tagValues();
        assertThat(tags).containsEntry("team", "fraud").containsEntry("epochs", "30")
                .containsEntry("mlops.ci.job", "fraud-detection/main");
    }

    @Test
    public void aFailedGateFailsTheBuildWithTheFailingClauseAndMovesNoAlias() {
        assertThatThrownBy(() -> runPipeline("registerModel(model: MODEL, runId: RUN_ID, gate: 'auc >= 0.99')"))
                .isInstanceOf(PipelineFailure.class)
                .hasMessageStartingWith("registerModel: gate failed for " + model + " version 1: auc >= 0.99")
                .hasMessageContaining("auc = 0.94");

        assertThat(buildResult()).isEqualTo("FAILURE");
        assertThat(mlflow.getModelVersion(model, "1").tagValues()).containsEntry("mlops.gate.verdict", "rejected");
        assertThat(mlflow.findAlias(model, "candidate")).isEmpty();
    }

    @Test
    public void unstableOnGateFailureMarksTheBuildUnstableAndReturnsTheMap() {
        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                registerModel(model: MODEL, runId: RUN_ID, gate: 'auc >= 0.99', unstableOnGateFailure: true)
                """);

        assertThat(buildResult()).isEqualTo("UNSTABLE");
        assertThat(result.get("passed")).isEqualTo(false);
        assertThat(result.get("alias_set")).isNull();
        assertThat(agent.console()).contains("WARNING: registerModel: gate failed for " + model);
        assertThat(mlflow.findAlias(model, "candidate")).isEmpty();
    }

    @Test
    public void theMlflowUrlReachesTheCommandLineThroughItsEnvironmentNotTheTracedShCommand() {
        agent.buildEnvironment().remove("MLFLOW_TRACKING_URI");
        variable("TRACKING", server.trackingUri());

        Map<?, ?> result = (Map<?, ?>) runPipeline("registerModel(model: MODEL, runId: RUN_ID, mlflowUrl: TRACKING)");

        assertThat(result.get("passed")).isEqualTo(true);
        assertThat(agent.console().lines().filter(line -> line.startsWith("+ ")))
                .noneMatch(line -> line.contains(server.trackingUri()));
    }

    @Test
    public void unstableOnGateFailureGivenAsTheStringTrueMarksTheBuildUnstable() {
        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                registerModel(model: MODEL, runId: RUN_ID, gate: 'auc >= 0.99', unstableOnGateFailure: 'True')
                """);

        assertThat(buildResult()).isEqualTo("UNSTABLE");
        assertThat(result.get("passed")).isEqualTo(false);
    }

    @Test
    public void aBooleanParameterThatIsNeitherTrueNorFalseIsOneLineNamingItBeforeAnythingRuns() {
        assertThatThrownBy(() -> runPipeline("registerModel(model: MODEL, runId: RUN_ID, noAlias: 'yes')"))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("registerModel: parameter 'noAlias' must be true or false, got 'yes'");
        assertThat(getHelper().methodCallCount("sh")).isZero();
    }

    @Test
    public void aTagKeyContainingEqualsIsOneLineNamingItBeforeAnythingRuns() {
        assertThatThrownBy(() -> runPipeline("registerModel(model: MODEL, runId: RUN_ID, tags: ['team=fraud': 'yes'])"))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("registerModel: parameter 'tags' has the key 'team=fraud', which contains '=': "
                        + "the command line would read it as key 'team'; use a key without '='");
        assertThat(getHelper().methodCallCount("sh")).isZero();
    }

    @Test
    public void outputCutOffMidJsonIsOneLineWithTheExitCodeAndTheLastErrorLine() throws IOException {
        Path crashing = agent.workspace().resolveSibling("crashing-mlops");
        Files.writeString(crashing, """
                #!/bin/sh
                printf '{"model": "fraud-detector", "vers'
                echo 'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space' >&2
                exit 3
                """);
        crashing.toFile().setExecutable(true);
        agent.env("MLOPS_CLI", crashing.toString());

        assertThatThrownBy(() -> runPipeline("registerModel(model: MODEL, runId: RUN_ID)"))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("registerModel: the command line's output was not valid JSON (exit code 3): "
                        + "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space");
    }

    @Test
    public void aBlankReleaseVersionMeansNotGivenAsInThePluginsStep() {
        Map<?, ?> result = (Map<?, ?>) runPipeline("registerModel(model: MODEL, runId: RUN_ID, releaseVersion: '')");

        assertThat(buildResult()).isEqualTo("SUCCESS");
        assertThat(String.valueOf(result.get("release"))).isNotBlank();
    }

    @Test
    public void anInputErrorFailsWithTheCliOneLineMessageAndRegistersNothing() {
        assertThatThrownBy(() -> runPipeline("registerModel(model: MODEL, runId: RUN_ID, gate: 'auc >=')"))
                .isInstanceOf(PipelineFailure.class)
                .hasMessageStartingWith("registerModel: ")
                .hasMessageContaining("gate")
                .hasMessageNotContaining("\n");

        assertThat(buildResult()).isEqualTo("FAILURE");
        assertThat(mlflow.findRegisteredModel(model)).isEmpty();
    }

    @Test
    public void anUnreachableServerFailsWithTheCliOneLineMessage() {
        assertThatThrownBy(() -> runPipeline("""
                registerModel(model: MODEL, runId: RUN_ID, mlflowUrl: 'http://127.0.0.1:9')
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessageStartingWith("registerModel: ")
                .hasMessageContaining("127.0.0.1:9")
                .hasMessageNotContaining("\n");
        assertThat(buildResult()).isEqualTo("FAILURE");
    }

    @Test
    public void anUnknownParameterIsOneLineNamingItBeforeAnythingRuns() {
        assertThatThrownBy(() -> runPipeline("registerModel(model: MODEL, runId: RUN_ID, gat: 'auc > 0.9')"))
                .isInstanceOf(PipelineFailure.class)
                .hasMessageStartingWith("registerModel: unknown parameter 'gat'; known parameters: model, runId, gate");

        assertThat(getHelper().methodCallCount("sh")).isZero();
    }

    @Test
    public void aMissingRunIdIsOneLineWithAnExample() {
        assertThatThrownBy(() -> runPipeline("registerModel(model: MODEL)"))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("registerModel: parameter 'runId' is required, e.g. registerModel(model: '" + model
                        + "', runId: env.RUN_ID)");
        assertThat(getHelper().methodCallCount("sh")).isZero();
    }

    @Test
    public void usernamePasswordCredentialsReachTheCommandAndTheSecretAppearsNowhere() throws IOException {
        MlflowServer authServer = MlflowServerExtension.basicAuthServer();
        runId = new TrainingRuns(authServer.client()).finishedRun(Map.of("auc", 0.94)).runId();
        variable("RUN_ID", runId);
        variable("AUTH_SERVER", authServer.trackingUri());
        credentials.add("mlflow-admin", new JenkinsCredentials.UsernamePassword(MlflowServer.ADMIN_USER,
                MlflowServer.ADMIN_PASSWORD));

        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                registerModel(model: MODEL, runId: RUN_ID, mlflowUrl: AUTH_SERVER, mlflowCredentialsId: 'mlflow-admin')
                """);

        assertThat(result.get("passed")).isEqualTo(true);
        assertThat(authServer.client().findAlias(model, "candidate")).isPresent();
        assertThat(agent.console()).contains("basic");
        assertSecretAppearsNowhere(MlflowServer.ADMIN_PASSWORD, result);
    }

    @Test
    public void aSecretTextMlflowCredentialIsBoundAsABearerToken() throws IOException {
        credentials.add("mlflow-token", new JenkinsCredentials.SecretText("mlflow-token-8c41d2"));

        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                registerModel(model: MODEL, runId: RUN_ID, mlflowCredentialsId: 'mlflow-token')
                """);

        assertThat(result.get("passed")).isEqualTo(true);
        assertThat(agent.console()).contains("bearer token");
        assertSecretAppearsNowhere("mlflow-token-8c41d2", result);
    }

    @Test
    public void withReadJsonFromPipelineUtilityStepsTheLibraryParsesWithIt() {
        getHelper().registerAllowedMethod(com.lesfurets.jenkins.unit.MethodSignature.method("readJSON", Map.class),
                (java.util.function.Function<Object, Object>) args -> {
                    Map<?, ?> step = (Map<?, ?>) args;
                    assertThat(step.get("returnPojo")).isEqualTo(true);
                    try {
                        return new com.fasterxml.jackson.databind.ObjectMapper()
                                .readValue(String.valueOf(step.get("text")), Map.class);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });

        Map<?, ?> result = (Map<?, ?>) runPipeline("registerModel(model: MODEL, runId: RUN_ID)");

        assertThat(getHelper().methodCallCount("readJSON")).isEqualTo(1);
        assertThat(result.get("model")).isEqualTo(model);
        assertThat(result.get("passed")).isEqualTo(true);
    }

    /** Greps the build's console, the returned map and every file the build left, as credentials-binding tests do. */
    private void assertSecretAppearsNowhere(String secret, Map<?, ?> result) throws IOException {
        assertThat(agent.console()).doesNotContain(secret);
        assertThat(String.valueOf(result)).doesNotContain(secret);
        try (Stream<Path> files = Files.walk(agent.workspace().getParent())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(secret);
            }
        }
    }
}

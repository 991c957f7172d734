package io.mlopsbridge.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.TrainingRuns;
import static com.lesfurets.jenkins.unit.MethodSignature.method;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code trainModel} from the library, both forms: on the project's KFP fake with the real MLflow server, and the
 * block form whose steps run inside the MLflow run `mlops train` opens.
 */
public class TrainModelVarTest extends LibraryPipelineTest {
    private static final String KFP_TOKEN = "kfp-sa-token-51d07c";

    private final MlflowServer server = MlflowServerExtension.server();
    private final MlflowClient mlflow = server.client();
    private final FakeKfpServer kfp = new FakeKfpServer();

    @Before
    public void servers() {
        kfp.start();
        agent.env("MLFLOW_TRACKING_URI", server.trackingUri()).env("KFP_URL", kfp.url());
        variable("EXPERIMENT", "fraud-detection-" + TrainingRuns.shortId());
        variable("PIPELINE", ExamplePipelines.fraudDetectionYaml().toString());
        variable("PYTHON", MlflowServerExtension.pythonExecutable().toString());
        credentials.add("kfp-token", new JenkinsCredentials.SecretText(KFP_TOKEN));
    }

    @After
    public void stopKfp() {
        kfp.afterEach(null); // stops the fake and fails on any request the KFP swagger does not allow
    }

    @Test
    public void kubeflowTrainingRunsThePipelineWithTheTokenCredentialAndReturnsTheMetrics() {
        kfp.requireToken(KFP_TOKEN);
        kfp.whenRunSucceeds(params -> mlflow.logMetrics((String) params.get("mlflow_run_id"),
                Map.of("auc", 0.957, "f1", 0.81)));

        agent.buildEnvironment().remove("KFP_URL");
        variable("KFP", kfp.url());

        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                trainModel(kubeflow: PIPELINE, parameters: [n_estimators: 300], experiment: EXPERIMENT,
                           releaseVersion: '1.4.0', timeout: 10, kubeflowUrl: KFP,
                           kubeflowUiUrl: 'https://kubeflow.acme.test/pipeline', kubeflowCredentialsId: 'kfp-token')
                """);

        assertThat(buildResult()).isEqualTo("SUCCESS");
        assertThat(result.get("backend")).isEqualTo("kubeflow");
        assertThat(result.get("status")).isEqualTo("SUCCEEDED");
        assertThat(((Map<?, ?>) result.get("metrics")).get("auc")).isEqualTo(0.957);
        assertThat(String.valueOf(result.get("kfp_run_url")))
                .isEqualTo("https://kubeflow.acme.test/pipeline/#/runs/details/" + result.get("kfp_run_id"));
        Run run = mlflow.getRun(String.valueOf(result.get("mlflow_run_id")));
        assertThat(run.data().metrics()).anyMatch(m -> m.key().equals("auc") && m.value() == 0.957);
        assertThat(kfp.calls("RunService_CreateRun")).singleElement()
                .satisfies(call -> assertThat(call.body()).contains("\"n_estimators\":300"));
        assertThat(agent.console()).doesNotContain(KFP_TOKEN);
        assertThat(String.valueOf(result)).doesNotContain(KFP_TOKEN);
    }

    @Test
    public void theKubeflowUrlReachesTheCommandLineThroughItsEnvironmentNotTheTracedShCommand() {
        agent.buildEnvironment().remove("KFP_URL");
        variable("KFP", kfp.url());

        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                trainModel(kubeflow: PIPELINE, experiment: EXPERIMENT, releaseVersion: '1.4.0', kubeflowUrl: KFP)
                """);

        assertThat(result.get("status")).isEqualTo("SUCCEEDED");
        assertThat(agent.console().lines().filter(line -> line.startsWith("+ ")))
                .noneMatch(line -> line.contains(kfp.url()));
    }

    @Test
    public void theLibrarysOldNamesKfpUrlKfpCredentialsIdAndKfpUiUrlStillWork() {
        kfp.requireToken(KFP_TOKEN);
        agent.buildEnvironment().remove("KFP_URL");
        variable("KFP", kfp.url());

        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                trainModel(kubeflow: PIPELINE, experiment: EXPERIMENT, releaseVersion: '1.4.0', timeout: 10,
                           kfpUrl: KFP, kfpCredentialsId: 'kfp-token', kfpUiUrl: 'https://kubeflow.acme.test')
                """);

        assertThat(result.get("status")).isEqualTo("SUCCEEDED");
        assertThat(String.valueOf(result.get("kfp_run_url")))
                .startsWith("https://kubeflow.acme.test/#/runs/details/");
        assertThat(kfp.calls("RunService_CreateRun")).hasSize(1);
    }

    @Test
    public void aNamespaceUnderBothItsNameAndItsOldNameIsOneLineBeforeAnythingRuns() {
        assertThatThrownBy(() -> runPipeline("""
                trainModel(kubeflow: PIPELINE, kfpNamespace: 'team-fraud', kubeflowNamespace: 'team-risk')
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("trainModel: give 'kubeflowNamespace' or its old name 'kfpNamespace', not both");
        assertThat(getHelper().methodCallCount("sh")).isZero();
    }

    @Test
    public void aWronglyTypedPipelineParameterFailsWithTheCliOneLineMessageBeforeKubeflowIsCalled() {
        assertThatThrownBy(() -> runPipeline("""
                trainModel(kubeflow: PIPELINE, parameters: [n_estimators: 'many'], releaseVersion: '1.4.0')
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("trainModel: pipeline 'fraud-detection': parameter 'n_estimators' must be an integer "
                        + "(NUMBER_INTEGER) but got 'many'");
        assertThat(kfp.calls()).isEmpty();
    }

    @Test
    public void theBlockRunsInsideTheMlflowRunAndTheRunClosesFinishedWithItsMetrics() {
        Map<?, ?> result = (Map<?, ?>) runPipeline("""
                trainModel(experiment: EXPERIMENT, releaseVersion: '1.4.0') {
                    sh "echo run \\$MLFLOW_RUN_ID release \\$MLOPS_RELEASE_VERSION"
                    sh "'${PYTHON}' -c 'import mlflow; mlflow.start_run(); mlflow.log_metric(\\"auc\\", 0.931)'"
                }
                """);

        assertThat(buildResult()).isEqualTo("SUCCESS");
        String runId = String.valueOf(result.get("mlflow_run_id"));
        assertThat(result.get("backend")).isEqualTo("local");
        assertThat(result.get("status")).isEqualTo("FINISHED");
        assertThat(((Map<?, ?>) result.get("metrics")).get("auc")).isEqualTo(0.931);
        assertThat(agent.console()).contains("run " + runId + " release 1.4.0");
        Run run = mlflow.getRun(runId);
        assertThat(run.info().status()).hasToString("FINISHED");
    }

    @Test
    public void theBlockSeesTheMlflowRunButNotTheKubeflowTokenItHasNoUseFor() {
        runPipeline("""
                trainModel(experiment: EXPERIMENT, kubeflowCredentialsId: 'kfp-token') {
                    sh 'echo "run ${MLFLOW_RUN_ID:+set}, kubeflow token ${KFP_TOKEN:-not bound}"'
                }
                """);

        assertThat(buildResult()).isEqualTo("SUCCESS");
        assertThat(agent.console()).contains("run set, kubeflow token not bound");
    }

    @Test
    public void aFailingBlockClosesTheRunFailedAndFailsTheBuildWithTheBlocksError() {
        assertThatThrownBy(() -> runPipeline("""
                trainModel(experiment: EXPERIMENT) {
                    sh 'echo $MLFLOW_RUN_ID > run-id.txt'
                    error 'training data missing'
                }
                """))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("training data missing");

        String runId = agent.readFile("run-id.txt").trim();
        assertThat(mlflow.getRun(runId).info().status()).hasToString("FAILED");
    }

    @Test
    public void anAbortWhileWaitingForTheRunToOpenClosesTheRunBeforeTheBuildEnds() {
        String[] runId = new String[1];
        getHelper().registerAllowedMethod(method("sh", Map.class), (Function<Object, Object>) args -> {
            Map<?, ?> step = (Map<?, ?>) args;
            Object code = agent.sh(step);
            String script = String.valueOf(step.get("script"));
            if (script.startsWith("while") && script.contains("/run.env'")) {
                // Jenkins' abort arriving as this step ends: the run is open, its block not started yet.
                runId[0] = runIdIn(Path.of(script.substring(script.indexOf('\'') + 1, script.indexOf("/run.env'")),
                        "run.env"));
                throw new PipelineFailure("Aborted by admin");
            }
            return code;
        });

        assertThatThrownBy(() -> runPipeline("trainModel(experiment: EXPERIMENT) { echo 'training' }"))
                .isInstanceOf(PipelineFailure.class)
                .hasMessage("Aborted by admin");

        assertThat(agent.console()).doesNotContain("training\n");
        assertThat(mlflow.getRun(runId[0]).info().status()).hasToString("FAILED");
    }

    private static String runIdIn(Path runEnv) {
        try {
            return Files.readAllLines(runEnv).stream().filter(line -> line.startsWith("MLFLOW_RUN_ID="))
                    .map(line -> line.substring("MLFLOW_RUN_ID=".length())).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

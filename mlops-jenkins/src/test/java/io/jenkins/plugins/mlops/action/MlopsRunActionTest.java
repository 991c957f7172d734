package io.jenkins.plugins.mlops.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.TestExtensions;
import hudson.model.TestBuilds;
import hudson.model.TestFingerprints;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.JenkinsXml;
import io.jenkins.plugins.mlops.harness.StepHarness;
import io.jenkins.plugins.mlops.register.RegisterModelStep;
import io.mlopsbridge.deploy.DeployResult;
import io.mlopsbridge.deploy.DeployTarget;
import io.mlopsbridge.deploy.RolloutPhase;
import io.mlopsbridge.deploy.RolloutResult;
import io.mlopsbridge.deploy.SmokeOutcome;
import io.mlopsbridge.deploy.SmokeReport;
import io.mlopsbridge.drift.DriftCheck;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.BasicAuth;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.TrainingRuns;
import io.mlopsbridge.registry.AliasMove;
import io.mlopsbridge.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's MLOps record after each kind of step: what it holds, that it survives Jenkins' XStream round trip of
 * build.xml unchanged, and that no secret is in it.
 */
@ExtendWith(MlflowServerExtension.class)
class MlopsRunActionTest {
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

    private final MlflowServer server;
    private final String model = TrainingRuns.modelName("fraud");
    @TempDir
    Path jenkinsHome;

    MlopsRunActionTest(MlflowServer server) {
        this.server = server;
    }

    @BeforeEach
    void configureJenkins() {
        TestCredentials.clear();
        TestFingerprints.clear();
        TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(server.trackingUri());
    }

    @Test
    void registerModelRecordsTheVersionItsGateClauseByClauseAndTheAliasMove() throws Exception {
        io.mlopsbridge.mlflow.Run run = new TrainingRuns(server.client())
                .finishedRun(Map.of("auc", 0.94, "latency_p95_ms", 38.0));
        StepHarness build = StepHarness.build(jenkinsHome, "128", Map.of());
        RegisterModelStep step = new RegisterModelStep(model, run.runId());
        step.setGate("auc >= 0.9 && latency_p95_ms <= 50");

        build.start(step);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.await(STEP_TIMEOUT);

        MlopsRunAction action = build.run().getAction(MlopsRunAction.class);
        assertThat(action.getReleaseVersion()).isEqualTo("128-3f9c2ab");
        ModelRecord record = action.getModels().get(0);
        assertThat(record.getName()).isEqualTo(model);
        assertThat(record.getVersion()).isEqualTo(result.get("version"));
        assertThat(record.getIdentity()).isEqualTo(result.get("model_identity")).matches("[0-9a-f]{32}");
        assertThat(record.getMlflowLink()).isEqualTo(server.trackingUri() + "/#/models/" + model + "/versions/"
                + result.get("version"));
        assertThat(record.getAliasMoves()).containsExactly("candidate: (none) → v" + result.get("version"));
        assertThat(record.getGateClauses()).extracting(GateClauseRecord::getClause)
                .containsExactly("auc >= 0.9", "latency_p95_ms <= 50");
        assertThat(record.getGateClauses()).allMatch(GateClauseRecord::isPassed);
        assertThat(record.getGateClauses().get(0).getValues()).contains("auc = 0.94");
        assertThat(action.getHeadline()).isEqualTo(model + " v" + result.get("version") + " (gate passed)");
        assertThat(roundTrip(action)).isEqualTo(JenkinsXml.write(action));
    }

    @Test
    void aFailedGateIsRecordedWithTheFailingClause() throws Exception {
        io.mlopsbridge.mlflow.Run run = new TrainingRuns(server.client())
                .finishedRun(Map.of("auc", 0.87, "latency_p95_ms", 38.0));
        StepHarness build = StepHarness.build(jenkinsHome, "129", Map.of());
        RegisterModelStep step = new RegisterModelStep(model, run.runId());
        step.setGate("auc >= 0.9 && latency_p95_ms <= 50");

        build.start(step);
        build.awaitFailure(STEP_TIMEOUT);

        ModelRecord record = build.run().getAction(MlopsRunAction.class).getModels().get(0);
        assertThat(record.isGatePassed()).isFalse();
        assertThat(record.getGateClauses()).extracting(GateClauseRecord::isPassed).containsExactly(false, true);
        assertThat(record.getAliasMoves()).isEmpty();
        assertThat(build.run().getAction(MlopsRunAction.class).getHeadline()).endsWith("(gate failed)");
    }

    @Test
    void theRecordHoldsNoSecretWhenTheRegistryNeedsAPassword(@BasicAuth MlflowServer authServer) throws Exception {
        String user = "jenkins-" + TrainingRuns.shortId();
        String password = "Rec-" + TrainingRuns.shortId() + "-pa55word";
        authServer.createUser(user, password);
        TestCredentials.usernamePassword("mlflow-ci", user, password);
        io.mlopsbridge.mlflow.Run run = new TrainingRuns(authServer.client(Credentials.basic(user, password)))
                .finishedRun(Map.of("auc", 0.95));
        StepHarness build = StepHarness.build(jenkinsHome, "130", Map.of());
        RegisterModelStep step = new RegisterModelStep(model, run.runId());
        step.setMlflowUrl(authServer.trackingUri());
        step.setMlflowCredentialsId("mlflow-ci");

        build.start(step);
        build.await(STEP_TIMEOUT);

        String xml = JenkinsXml.write(build.run().getAction(MlopsRunAction.class));
        assertThat(xml).contains(model).doesNotContain(password).doesNotContain(user + ":");
    }

    @Test
    void aTrainingRunIsRecordedWithItsMlflowAndKubeflowLinks() throws Exception {
        MlopsRunAction action = MlopsRunAction.of(TestBuilds.build(jenkinsHome.toFile()));
        TrainingResult kfp = new TrainingResult(TrainingResult.KUBEFLOW, "SUCCEEDED", true, "9a3e51c2d7f04b8e",
                "17", Map.of("auc", 0.94, "f1", 0.81), "5d2c7a90-kfp-run", "https://kfp.acme.test/#/runs/details/"
                + "5d2c7a90-kfp-run", "pipeline-1", "pipeline-version-3", "128-3f9c2ab", null);

        action.trained(kfp, "https://mlflow.acme.test/");

        TrainingRecord record = action.getTrainings().get(0);
        assertThat(record.getMlflowLink()).isEqualTo("https://mlflow.acme.test/#/experiments/17/runs/9a3e51c2d7f04b8e");
        assertThat(record.getKfpRunUrl()).isEqualTo("https://kfp.acme.test/#/runs/details/5d2c7a90-kfp-run");
        assertThat(record.getMetrics()).containsEntry("auc", 0.94);
        assertThat(action.getReleaseVersion()).isEqualTo("128-3f9c2ab");
        assertThat(roundTrip(action)).isEqualTo(JenkinsXml.write(action));
    }

    @Test
    void aDeploymentIsRecordedWithItsCanarySmokeFiguresAndThePromotedAlias() throws Exception {
        MlopsRunAction action = MlopsRunAction.of(TestBuilds.build(jenkinsHome.toFile()));
        SmokeReport smoke = new SmokeReport("http://fraud.models.svc/v2/models/fraud/infer",
                new SmokeOutcome(20, 0, 12.5, 31.0, 40.2, List.of()), true, "error_rate == 0",
                "gate passed: 1 of 1 clauses passed", "{}");
        RolloutResult rollout = new RolloutResult("r-7", DeployTarget.KSERVE, "models", "fraud-detector",
                RolloutPhase.SUCCEEDED, "http://fraud.models.svc", null, null, smoke, 10, null, model, "7");
        DeployResult deployed = new DeployResult(model, "7", "128-3f9c2ab", rollout,
                new AliasMove(model, "champion", "7", "6", null, true), null, false);

        action.deployed(deployed, "https://mlflow.acme.test");

        DeploymentRecord record = action.getDeployments().get(0);
        assertThat(record.getTarget()).isEqualTo("kserve");
        assertThat(record.getNamespace() + "/" + record.getService()).isEqualTo("models/fraud-detector");
        assertThat(record.getCanaryPercent()).isEqualTo(10);
        assertThat(record.getSmokeFigures())
                .isEqualTo("20 requests, 0 errors, p50 12.5 ms, p95 31.0 ms, max 40.2 ms");
        assertThat(record.getOutcome()).isEqualTo("SUCCEEDED");
        assertThat(action.getModels().get(0).getAliasMoves()).containsExactly("champion: v6 → v7");
        assertThat(action.getHeadline()).isEqualTo(model + " v7, deployed to kserve");
        assertThat(roundTrip(action)).isEqualTo(JenkinsXml.write(action));
    }

    @Test
    void aDriftCheckIsRecordedWithTheDriftedColumnsAndTheRetrainDecision() throws Exception {
        DriftResult drift = DriftCheck.withDefaults().run(csv("reference.csv", 0), csv("current.csv", 40),
                BuildLog.silent());
        MlopsRunAction action = MlopsRunAction.of(TestBuilds.build(jenkinsHome.toFile()));

        action.driftChecked("drift-1", drift, "drift-report.html");

        DriftRecord record = action.getDriftChecks().get(0);
        assertThat(record.isDrifted()).isEqualTo(drift.drifted());
        assertThat(record.getDriftedColumns()).containsExactly("amount");
        assertThat(record.getColumnCount()).isEqualTo(2);
        assertThat(record.getDriftShare()).isEqualTo(0.5);
        assertThat(record.getHtmlReport()).isEqualTo("drift-report.html");
        assertThat(roundTrip(action)).isEqualTo(JenkinsXml.write(action));
    }

    @Test
    void afterTheRoundTripTheActionKnowsItsBuildAgain() {
        hudson.model.Run<?, ?> run = TestBuilds.build(jenkinsHome.toFile());
        MlopsRunAction loaded = (MlopsRunAction) JenkinsXml.read(JenkinsXml.write(MlopsRunAction.of(run)));

        assertThat(loaded.getRun()).isNull();
        loaded.onLoad(run);

        assertThat(loaded.getRun()).isSameAs(run);
        assertThat(JenkinsXml.write(loaded)).doesNotContain("<run");
    }

    /** {@code shift} moves the amounts; the merchant categories stay as they were. */
    private CsvSource csv(String name, double shift) throws Exception {
        Random random = new Random(42 + (long) shift);
        StringBuilder csv = new StringBuilder("amount,merchant_category\n");
        String[] categories = {"grocery", "travel", "fuel", "online"};
        for (int i = 0; i < 400; i++) {
            csv.append(String.format(Locale.ROOT, "%.2f,%s%n", 100 + shift + random.nextGaussian() * 15,
                    categories[i % categories.length]));
        }
        Path file = Files.writeString(jenkinsHome.resolve(name), csv);
        return CsvSource.open(file, name.replace(".csv", ""), CsvFormat.DEFAULT);
    }

    private static String roundTrip(MlopsRunAction action) {
        return JenkinsXml.write(JenkinsXml.read(JenkinsXml.write(action)));
    }
}

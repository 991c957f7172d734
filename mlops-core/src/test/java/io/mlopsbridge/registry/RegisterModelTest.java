package io.mlopsbridge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.gate.GateClause;
import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.lineage.LineageTags;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.FaultProxy;
import io.mlopsbridge.mlflow.LoggedModel;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.NewModelVersion;
import io.mlopsbridge.mlflow.PythonTraining;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.Tag;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** registerModel against a real MLflow server: lineage, idempotency, gates, champion, bad input, faults. */
@ExtendWith(MlflowServerExtension.class)
class RegisterModelTest {
    private static final String GATE = "auc >= 0.9 && auc >= champion.auc - 0.005 && latency_p95_ms <= 50";

    private final MlflowServer server;
    private final MlflowClient mlflow;
    private final TrainingRuns training;
    private final RegisterModel register;

    RegisterModelTest(MlflowServer server) {
        this.server = server;
        this.mlflow = server.client();
        this.training = new TrainingRuns(mlflow);
        this.register = new RegisterModel(mlflow, BuildLog.silent());
    }

    private static BuildInfo jenkinsBuild(String number) {
        return new BuildInfo("3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210", "https://github.com/acme/fraud.git",
                "fraud/main", number, "https://jenkins.acme.com/job/fraud/job/main/" + number + "/", "alice");
    }

    private Run goodRun() {
        return training.finishedRun(Map.of("auc", 0.94, "latency_p95_ms", 38.0));
    }

    private List<ModelVersion> versionsOf(String name) {
        return mlflow.searchAllModelVersions("name = '" + name + "'");
    }

    @Test
    void registersReadyVersionWithAllLineageTags() {
        Run run = goodRun();
        String name = TrainingRuns.modelName("fraud");

        RegisterResult result = register.register(RegisterRequest.of(name, run.runId())
                .withBuild(jenkinsBuild("128"))
                .withDatasetDigests(Map.of("transactions", "9f86d081884c7d65")));

        ModelVersion version = mlflow.getModelVersion(name, result.version());
        assertThat(version.isReady()).isTrue();
        assertThat(version.runId()).isEqualTo(run.runId());
        assertThat(version.tagValues()).containsAllEntriesOf(Map.of(
                "mlops.release", "128-3f9c2ab",
                "mlflow.source.git.commit", "3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210",
                "mlflow.source.git.repoURL", "https://github.com/acme/fraud.git",
                "mlops.ci.job", "fraud/main",
                "mlops.ci.build_number", "128",
                "mlops.ci.build_url", "https://jenkins.acme.com/job/fraud/job/main/128/",
                "mlops.training_run_id", run.runId(),
                "mlops.dataset.transactions.digest", "9f86d081884c7d65",
                "mlops.registered_by", "alice",
                "mlops.build_key", "fraud/main#128"));
        assertThat(version.tagValues().get(LineageTags.MODEL_IDENTITY)).matches("[0-9a-f]{32}")
                .isEqualTo(result.modelIdentity());
        assertThat(mlflow.getRun(run.runId()).data().tagValues()).containsEntry("mlops.release", "128-3f9c2ab");
        assertThat(mlflow.findAlias(name, "candidate")).get().extracting(ModelVersion::version)
                .isEqualTo(result.version());
    }

    @Test
    void sameBuildTwiceYieldsOneVersion() {
        Run run = goodRun();
        String name = TrainingRuns.modelName("fraud");
        RegisterRequest request = RegisterRequest.of(name, run.runId()).withBuild(jenkinsBuild("7")).withGate(GATE);

        RegisterResult first = register.register(request);
        RegisterResult second = register.register(request);

        assertThat(second.version()).isEqualTo(first.version());
        assertThat(second.reused()).isTrue();
        assertThat(versionsOf(name)).hasSize(1);
    }

    @Test
    void aRetriedRegistrationWithoutAReleaseReportsAndKeepsTheReleaseItsVersionCarries() {
        Run run = goodRun();
        String name = TrainingRuns.modelName("fraud");
        // No commit known, so the release falls back to the time each attempt starts.
        RegisterRequest request = RegisterRequest.of(name, run.runId())
                .withBuild(new BuildInfo(null, null, "fraud/main", "13", null, "alice"));

        RegisterResult first = registeringAt("2026-12-05T13:40:12Z").register(request);
        RegisterResult retried = registeringAt("2026-12-05T13:46:32Z").register(request);

        assertThat(first.release()).isEqualTo("20261205T134012Z");
        assertThat(retried.reused()).isTrue();
        assertThat(retried.release()).isEqualTo("20261205T134012Z");
        assertThat(mlflow.getRun(run.runId()).data().tagValues()).containsEntry("mlops.release", "20261205T134012Z");
    }

    @Test
    void aRetriedRegistrationGivenAnotherReleaseIsAnInputErrorAndLeavesTheReleaseAsItWas() {
        Run run = goodRun();
        String name = TrainingRuns.modelName("fraud");
        RegisterRequest request = RegisterRequest.of(name, run.runId()).withBuild(jenkinsBuild("14"));
        register.register(request.withReleaseVersion("1.4.0"));

        assertThatThrownBy(() -> register.register(request.withReleaseVersion("1.4.1")))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).isEqualTo("build fraud/main#14 already registered " + name
                            + " version 1 as release 1.4.0, not 1.4.1");
                });
        assertThat(mlflow.getModelVersion(name, "1").tagValues()).containsEntry("mlops.release", "1.4.0");
        assertThat(mlflow.getRun(run.runId()).data().tagValues()).containsEntry("mlops.release", "1.4.0");
    }

    private RegisterModel registeringAt(String instant) {
        return new RegisterModel(mlflow, BuildLog.silent(), Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @Test
    void anotherBuildMakesANewVersion() {
        Run run = goodRun();
        String name = TrainingRuns.modelName("fraud");

        register.register(RegisterRequest.of(name, run.runId()).withBuild(jenkinsBuild("7")));
        register.register(RegisterRequest.of(name, run.runId()).withBuild(jenkinsBuild("8")));

        assertThat(versionsOf(name)).hasSize(2);
    }

    @Test
    void sameBuildWithAnotherRunIsRefused() {
        String name = TrainingRuns.modelName("fraud");
        register.register(RegisterRequest.of(name, goodRun().runId()).withBuild(jenkinsBuild("9")));
        Run other = goodRun();

        assertThatThrownBy(() -> register.register(RegisterRequest.of(name, other.runId())
                .withBuild(jenkinsBuild("9"))))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).contains("fraud/main#9").contains(other.runId());
                });
        assertThat(versionsOf(name)).hasSize(1);
    }

    @Test
    void passingGateSetsAliasAndTagsVerdict(@TempDir Path reports) {
        Run run = goodRun();
        String name = TrainingRuns.modelName("fraud");

        RegisterResult result = register.register(RegisterRequest.of(name, run.runId()).withGate(GATE)
                .withBuild(jenkinsBuild("11")).withReportDirectory(reports));

        assertThat(result.passed()).isTrue();
        assertThat(result.aliasSet()).isEqualTo("candidate");
        assertThat(mlflow.findAlias(name, "candidate")).isPresent();
        assertThat(mlflow.getModelVersion(name, result.version()).tagValues())
                .containsEntry("mlops.gate.verdict", "passed")
                .containsEntry("mlops.gate.expression", GATE);
        assertThat(reports.resolve("gate-report.json")).exists();
        assertThat(reports.resolve("gate-report.md")).exists();
    }

    @Test
    void failingGateRegistersRejectedVersionWithoutAliasAndReportNamesTheClause(@TempDir Path reports)
            throws IOException {
        Run run = training.finishedRun(Map.of("auc", 0.87, "latency_p95_ms", 38.0));
        String name = TrainingRuns.modelName("fraud");

        RegisterResult result = register.register(RegisterRequest.of(name, run.runId()).withGate(GATE)
                .withBuild(jenkinsBuild("12")).withReportDirectory(reports));

        assertThat(result.passed()).isFalse();
        assertThat(result.aliasSet()).isNull();
        assertThat(mlflow.findAlias(name, "candidate")).isEmpty();
        assertThat(mlflow.getModelVersion(name, result.version()).tagValues())
                .containsEntry("mlops.gate.verdict", "rejected");
        assertThat(result.verdict().failedClauses()).extracting(GateClause::text).containsExactly("auc >= 0.9");
        JsonNode report = new ObjectMapper().readTree(reports.resolve("gate-report.json").toFile());
        JsonNode failed = report.get("clauses").get(0);
        assertThat(failed.get("text").asText()).isEqualTo("auc >= 0.9");
        assertThat(failed.get("passed").asBoolean()).isFalse();
        assertThat(failed.get("values").get("auc").asDouble()).isEqualTo(0.87);
        assertThat(Files.readString(reports.resolve("gate-report.md"))).contains("auc >= 0.9").contains("0.87");
    }

    @Test
    void withoutChampionChampionClausesPassAndSaySo() {
        Run run = goodRun();
        String name = TrainingRuns.modelName("fraud");

        RegisterResult result = register.register(RegisterRequest.of(name, run.runId()).withGate(GATE));

        assertThat(result.passed()).isTrue();
        assertThat(result.championVersion()).isNull();
        assertThat(result.verdict().championPresent()).isFalse();
        assertThat(result.verdict().clauses().get(1).note()).contains("no champion");
    }

    @Test
    void championComparisonReadsTheChampionRunsMetrics() {
        String name = TrainingRuns.modelName("fraud");
        RegisterResult champion = register.register(RegisterRequest.of(name,
                training.finishedRun(Map.of("auc", 0.96, "latency_p95_ms", 30.0)).runId()).withBuild(jenkinsBuild("1")));
        mlflow.setAlias(name, "champion", champion.version());
        Run challenger = goodRun(); // auc 0.94 < 0.96 - 0.005

        RegisterResult result = register.register(RegisterRequest.of(name, challenger.runId()).withGate(GATE)
                .withBuild(jenkinsBuild("2")));

        assertThat(result.passed()).isFalse();
        assertThat(result.championVersion()).isEqualTo(champion.version());
        GateClause championClause = result.verdict().failedClauses().get(0);
        assertThat(championClause.text()).isEqualTo("auc >= champion.auc - 0.005");
        assertThat(championClause.values()).containsEntry("auc", 0.94).containsEntry("champion.auc", 0.96);
    }

    @Test
    void theChampionVersionIsReportedWhenTheGateDoesNotCompareWithIt() {
        String name = TrainingRuns.modelName("fraud");
        RegisterResult champion = register.register(RegisterRequest.of(name,
                training.finishedRun(Map.of("auc", 0.96, "latency_p95_ms", 30.0)).runId()).withBuild(jenkinsBuild("1")));
        mlflow.setAlias(name, "champion", champion.version());

        RegisterResult result = register.register(RegisterRequest.of(name, goodRun().runId())
                .withGate("auc >= 0.9 && latency_p95_ms <= 50").withBuild(jenkinsBuild("2")));

        assertThat(result.passed()).isTrue();
        assertThat(result.verdict().championPresent()).as("the gate did not read the champion").isFalse();
        assertThat(result.championVersion()).isEqualTo(champion.version());
        assertThat(result.toJson()).containsEntry("champion_version", champion.version());
    }

    @Test
    void registersTheRunsLoggedModelWhenItsArtifactsHoldNoModel() throws IOException {
        Run run = training.finishedRun(Map.of("auc", 0.94));
        LoggedModel logged = mlflow.createLoggedModel(run.info().experimentId(), "classifier", run.runId(), List.of());
        Path dir = Files.createTempDirectory("logged");
        Files.writeString(dir.resolve("MLmodel"), "flavors: {}\n");
        mlflow.uploadArtifacts(logged.artifactUri(), "", dir);
        mlflow.finalizeLoggedModel(logged.modelId(), true);
        String name = TrainingRuns.modelName("fraud");

        RegisterResult result = register.register(RegisterRequest.of(name, run.runId()).withArtifactPath("classifier"));

        assertThat(result.source()).isEqualTo("models:/" + logged.modelId());
    }

    @Test
    void registersAModelLoggedByMlflowsOwnSklearnFlavour() {
        PythonTraining.LoggedRun logged = PythonTraining.logSklearnModel(server, "python-" + TrainingRuns.shortId(),
                0.0);
        String name = TrainingRuns.modelName("sklearn");

        RegisterResult byRun = register.register(RegisterRequest.of(name, logged.runId()).withGate("auc >= 0.5")
                .withBuild(jenkinsBuild("70")));
        RegisterResult byUri = register.register(RegisterRequest.of(name, logged.runId())
                .withModelUri("models:/" + logged.modelId()).withBuild(jenkinsBuild("71")));

        assertThat(byRun.source()).isEqualTo("models:/" + logged.modelId());
        assertThat(byRun.passed()).isTrue();
        assertThat(byUri.source()).isEqualTo(byRun.source());
        assertThat(mlflow.getModelVersion(name, byUri.version()).isReady()).isTrue();
        assertThat(mlflow.getModelVersionDownloadUri(name, byRun.version())).contains(logged.modelId());
    }

    @Test
    void unknownRunIsInputErrorAndCreatesNothing() {
        String name = TrainingRuns.modelName("fraud");

        assertThatThrownBy(() -> register.register(RegisterRequest.of(name, "0123456789abcdef0123456789abcdef")
                .withGate(GATE)))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).contains("run 0123456789abcdef0123456789abcdef not found");
                });
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void invalidModelNameIsInputErrorAndCreatesNothing() {
        Run run = goodRun();

        assertThatThrownBy(() -> register.register(RegisterRequest.of("fraud/detector", run.runId())))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).contains("invalid model name 'fraud/detector'");
                });
        assertThat(mlflow.getRun(run.runId()).data().tagValues()).doesNotContainKey("mlops.release");
    }

    @Test
    void aDatasetDigestLeftUnsetIsAnInputErrorAndCreatesNothing() {
        Run run = goodRun();
        String name = TrainingRuns.modelName("fraud");
        Map<String, String> digests = new HashMap<>();
        digests.put("transactions", null); // datasets: [transactions: env.TX_DIGEST] with TX_DIGEST unset

        assertThatThrownBy(() -> register.register(RegisterRequest.of(name, run.runId())
                .withDatasetDigests(digests)))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).isEqualTo("dataset 'transactions' (--dataset-digest) has no digest");
                });
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void malformedExpressionIsInputErrorWithColumnAndWritesNothing() {
        Run run = goodRun();
        String name = TrainingRuns.modelName("fraud");

        assertThatThrownBy(() -> register.register(RegisterRequest.of(name, run.runId()).withGate("auc >= && x")))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).contains("column 8");
                });
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
        assertThat(mlflow.getRun(run.runId()).data().tagValues()).doesNotContainKey("mlops.release");
    }

    @Test
    void missingMetricIsInputErrorAndAddsNoVersionToAnExistingModel() {
        String name = TrainingRuns.modelName("fraud");
        register.register(RegisterRequest.of(name, goodRun().runId()).withBuild(jenkinsBuild("1")));
        Run withoutLatency = training.finishedRun(Map.of("auc", 0.95));

        assertThatThrownBy(() -> register.register(RegisterRequest.of(name, withoutLatency.runId()).withGate(GATE)
                .withBuild(jenkinsBuild("2"))))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).contains("latency_p95_ms").contains("auc");
                });
        assertThat(versionsOf(name)).hasSize(1);
    }

    @Test
    void duplicatesLeftByRetriedCreatesAreReducedToTheLowestVersion() {
        Run run = goodRun();
        String name = TrainingRuns.modelName("fraud");
        mlflow.getOrCreateRegisteredModel(name);
        for (int i = 0; i < 3; i++) {
            mlflow.createModelVersion(NewModelVersion.fromRunArtifacts(name, run.info(), "model")
                    .withTags(List.of(new Tag(LineageTags.BUILD_KEY, "fraud/main#21"))));
        }

        RegisterResult result = register.register(RegisterRequest.of(name, run.runId())
                .withBuild(jenkinsBuild("21")));

        assertThat(result.version()).isEqualTo("1");
        assertThat(versionsOf(name)).extracting(ModelVersion::version).containsExactly("1");
    }

    @Test
    void connectionResetAfterTheServerCreatedTheVersionStillEndsWithExactlyOneVersion() throws IOException {
        Run run = goodRun();
        String name = TrainingRuns.modelName("fraud");
        try (FaultProxy proxy = new FaultProxy(server.uri(), "POST /api/2.0/mlflow/model-versions/create", 1)) {
            MlflowClient throughProxy = new MlflowClient(new MlflowConfig(proxy.uri(),
                    server.config().credentials(), MlflowServer.testHttpSettings()));

            RegisterResult result = new RegisterModel(throughProxy, BuildLog.silent()).register(
                    RegisterRequest.of(name, run.runId()).withGate(GATE).withBuild(jenkinsBuild("31")));

            assertThat(proxy.faultsInjected()).as("the fault really happened").isEqualTo(1);
            assertThat(result.passed()).isTrue();
        }
        assertThat(versionsOf(name)).hasSize(1);
        assertThat(mlflow.findAlias(name, "candidate")).isPresent();
    }
}

package io.jenkins.plugins.mlops.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.AbortException;
import hudson.TestExtensions;
import hudson.model.Result;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.SecretSearch;
import io.jenkins.plugins.mlops.harness.StepHarness;
import io.mlopsbridge.cli.CliJson;
import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.mlflow.BasicAuth;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** registerModel in a build against the real MLflow server: lineage from the build, the CLI's contract, gates. */
@ExtendWith(MlflowServerExtension.class)
class RegisterModelStepTest {
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);
    private static final String GATE = "auc >= 0.9 && latency_p95_ms <= 50";

    private final MlflowServer server;
    private final MlflowClient mlflow;
    private final String model = TrainingRuns.modelName("fraud");
    @TempDir
    Path jenkinsHome;

    RegisterModelStepTest(MlflowServer server) {
        this.server = server;
        this.mlflow = server.client();
    }

    @BeforeEach
    void configureJenkins() {
        TestCredentials.clear();
        MlopsConfiguration config = TestExtensions.register(new MlopsConfiguration());
        config.setMlflowUrl(server.trackingUri());
    }

    private Run goodRun() {
        return new TrainingRuns(mlflow).finishedRun(Map.of("auc", 0.94, "latency_p95_ms", 38.0));
    }

    @Test
    void registersWithTheBuildsLineageAndReturnsTheCliJson() throws Exception {
        Run run = goodRun();
        StepHarness build = StepHarness.build(jenkinsHome, "128", Map.of());
        RegisterModelStep step = new RegisterModelStep(model, run.runId());
        step.setGate(GATE);

        build.start(step);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.await(STEP_TIMEOUT);

        ModelVersion version = mlflow.getModelVersion(model, (String) result.get("version"));
        assertThat(version.tagValues()).containsAllEntriesOf(Map.of(
                "mlops.release", "128-3f9c2ab",
                "mlflow.source.git.commit", "3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210",
                "mlflow.source.git.repoURL", "https://github.com/acme/fraud.git"));
        assertThat(result).containsEntry("build_key", "fraud/main#128").containsEntry("alias_set", "candidate")
                .containsEntry("passed", true);
        assertThat(build.log()).contains("MLflow: " + server.trackingUri());

        // The CLI, run for the same build, finds that version again and prints the same contract.
        Map<String, Object> cli = CliJson.run(Map.of("MLFLOW_TRACKING_URI", server.trackingUri()), "register",
                "--model", model, "--run-id", run.runId(), "--gate", GATE, "--ci-job", "fraud/main",
                "--build-number", "128", "--git-commit", "3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210",
                "--git-url", "https://github.com/acme/fraud.git", "--report-dir",
                jenkinsHome.resolve("cli-report").toString(), "--json");
        assertThat(result.keySet()).containsExactlyElementsOf(cli.keySet());
        assertThat(withoutRunSpecifics(result)).isEqualTo(withoutRunSpecifics(cli));
        assertThat(cli).containsEntry("reused", true);
    }

    /** What legitimately differs between the step's first registration and the CLI's repeat of it. */
    private static Map<String, Object> withoutRunSpecifics(Map<String, Object> json) {
        Map<String, Object> copy = new HashMap<>(json);
        copy.remove("reused");
        copy.remove("report_json");
        copy.remove("report_markdown");
        return copy;
    }

    @Test
    void failedGateFailsTheStepWithTheReportsSummaryAndWritesTheReportIntoTheBuild() throws Exception {
        Run run = goodRun();
        StepHarness build = StepHarness.build(jenkinsHome, "129", Map.of());
        RegisterModelStep step = new RegisterModelStep(model, run.runId());
        step.setGate("auc >= 0.99");

        build.start(step);
        Throwable failure = build.awaitFailure(STEP_TIMEOUT);

        assertThat(failure).isInstanceOf(AbortException.class).hasMessageStartingWith("gate failed for " + model)
                .hasMessageContaining("auc").hasMessageNotContaining("\n");
        Path report = build.buildDir().resolve("mlops/register/" + model + "/gate-report.json");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile()).get("passed")
                .booleanValue()).isFalse();
        assertThat(mlflow.getRegisteredModel(model).aliases()).isEmpty();
    }

    @Test
    void failedGateMarksTheBuildUnstableAndReturnsTheMapAndWritesTheReportIntoReportDirWhenAsked()
            throws Exception {
        Run run = goodRun();
        StepHarness build = StepHarness.build(jenkinsHome, "130", Map.of());
        RegisterModelStep step = new RegisterModelStep(model, run.runId());
        step.setGate("auc >= 0.99");
        step.setUnstableOnGateFailure(true);
        step.setReportDir("reports/gate");

        build.start(step);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.await(STEP_TIMEOUT);

        assertThat(result).containsEntry("passed", false).containsEntry("alias_set", null);
        assertThat(build.context().result()).isSameAs(Result.UNSTABLE);
        assertThat(build.log()).contains("gate failed, build marked UNSTABLE");
        // The same two files as in the build's folder, in the workspace where archiveArtifacts finds them.
        assertThat(result).containsEntry("report_json", "reports/gate/gate-report.json")
                .containsEntry("report_markdown", "reports/gate/gate-report.md");
        Path reports = build.workspace().resolve("reports/gate");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                reports.resolve("gate-report.json").toFile()).get("passed").booleanValue()).isFalse();
        assertThat(reports.resolve("gate-report.md")).hasSameTextualContentAs(
                build.buildDir().resolve("mlops/register/" + model + "/gate-report.md"));
    }

    @Test
    void aReportDirThatCannotBeMadeFailsNamingItBeforeMlflowIsAsked() throws Exception {
        StepHarness build = StepHarness.build(jenkinsHome, "138", Map.of());
        Files.writeString(build.workspace().resolve("reports"), "a file where the folder would go");
        // A run id MLflow does not know: failing with "run ... not found" would mean MLflow was asked.
        RegisterModelStep step = new RegisterModelStep(model, "5f1c0a9e2b7d4c18a3e6f0b2d9c4e7a1");
        step.setGate(GATE);
        step.setReportDir("reports/gate");

        build.start(step);
        Throwable failure = build.awaitFailure(STEP_TIMEOUT);

        assertThat(failure).isInstanceOf(AbortException.class).hasMessageStartingWith("reportDir ")
                .hasMessageContaining("is a file; a directory is needed").hasMessageNotContaining("\n");
        assertThat(mlflow.searchAllModelVersions("name = '" + model + "'")).isEmpty();
    }

    @Test
    void aBuildFolderThatCannotHoldTheGateReportFailsNamingTheBuildFolderNotAParameter() throws Exception {
        StepHarness build = StepHarness.build(jenkinsHome, "139", Map.of());
        Files.writeString(build.buildDir().resolve("mlops"), "a file where the build's report folder would go");
        RegisterModelStep step = new RegisterModelStep(model, "5f1c0a9e2b7d4c18a3e6f0b2d9c4e7a1");
        step.setGate(GATE);

        build.start(step);
        Throwable failure = build.awaitFailure(STEP_TIMEOUT);

        // Not the user's input: the build's own folder on the controller, which no parameter of the step can change.
        assertThat(failure).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("cannot write the gate report into this build's folder ")
                .hasMessageContaining(build.buildDir().resolve("mlops").toString())
                .hasMessageNotContaining("reportDir").hasMessageNotContaining("--report-dir")
                .hasMessageNotContaining("\n");
        assertThat(mlflow.searchAllModelVersions("name = '" + model + "'")).isEmpty();
    }

    @Test
    void aReadyTimeoutAboveADayIsOneLineNamingItAndTheRangeAtBindingTime() {
        // Accepted, it would fail only after the version was created, when the READY deadline overflowed.
        RegisterModelStep step = new RegisterModelStep("fraud-detector", "5f1c0a");

        assertThatThrownBy(() -> step.setReadyTimeout(Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("readyTimeout must be from 1 to 86400, got 9223372036854775807; e.g. "
                        + "readyTimeout: 300");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void tagKeysThatDifferButReadTheSameAreOneLineAtBindingTime() {
        // What Pipeline hands over for tags: [(1): 'a', '1': 'b'], a number and a text that both become tag "1".
        Map tags = new LinkedHashMap<>();
        tags.put(1, "a");
        tags.put("1", "b");
        RegisterModelStep step = new RegisterModelStep("fraud-detector", "5f1c0a");

        assertThatThrownBy(() -> step.setTags(tags)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tags: 1 is given twice (as 1 and '1'); give each key once");
    }

    @Test
    void aMissingModelNameIsOneLineNamingItAtBindingTime() {
        assertThatThrownBy(() -> new RegisterModelStep(" ", "5f1c0a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model is required").hasMessageNotContaining("\n");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void userTagsAreSetOnTheNewVersionBesideTheLineage() throws Exception {
        Run run = goodRun();
        StepHarness build = StepHarness.build(jenkinsHome, "132", Map.of());
        RegisterModelStep step = new RegisterModelStep(model, run.runId());
        // What Pipeline hands over for tags: [team: 'fraud', ticket: 'ML-412', epochs: 30] (a number stays a number).
        step.setTags((Map) Map.of("team", "fraud", "ticket", "ML-412", "epochs", 30));

        build.start(step);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.await(STEP_TIMEOUT);

        ModelVersion version = mlflow.getModelVersion(model, (String) result.get("version"));
        assertThat(version.tagValues()).containsAllEntriesOf(Map.of("team", "fraud", "ticket", "ML-412",
                "epochs", "30", "mlops.release", "132-3f9c2ab"));
    }

    @Test
    void aTagInTheLineageNamespaceIsOneLineBeforeAnythingIsRegistered() throws Exception {
        Run run = goodRun();
        StepHarness build = StepHarness.build(jenkinsHome, "133", Map.of());
        RegisterModelStep step = new RegisterModelStep(model, run.runId());
        step.setTags(Map.of("team", "fraud", "mlops.release", "9.9.9"));

        build.start(step);
        Throwable failure = build.awaitFailure(STEP_TIMEOUT);

        assertThat(failure).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("tag 'mlops.release' is in the lineage namespace").hasMessageNotContaining("\n");
        assertThat(mlflow.searchAllModelVersions("name = '" + model + "'")).isEmpty();
    }

    @Test
    void anUnknownCredentialIdFailsBeforeAnythingIsRegistered() throws Exception {
        Run run = goodRun();
        StepHarness build = StepHarness.build(jenkinsHome, "131", Map.of());
        RegisterModelStep step = new RegisterModelStep(model, run.runId());
        step.setMlflowCredentialsId("mlflow-prod");

        build.start(step);
        Throwable failure = build.awaitFailure(STEP_TIMEOUT);

        assertThat(failure).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("mlflowCredentialsId: no credential 'mlflow-prod' that this build may use");
        assertThat(mlflow.searchAllModelVersions("name = '" + model + "'")).isEmpty();
    }

    @Test
    void basicAuthPasswordAppearsNowhereAndTheCredentialIsTracked(@BasicAuth MlflowServer authServer)
            throws Exception {
        String user = "jenkins-" + TrainingRuns.shortId();
        String password = "Reg-" + TrainingRuns.shortId() + "-pa55word";
        authServer.createUser(user, password);
        TestCredentials.usernamePassword("mlflow-ci", user, password);
        Run run = new TrainingRuns(authServer.client(Credentials.basic(user, password)))
                .finishedRun(Map.of("auc", 0.95, "latency_p95_ms", 20.0));
        StepHarness build = StepHarness.build(jenkinsHome, "132", Map.of());
        RegisterModelStep step = new RegisterModelStep(model, run.runId());
        step.setGate(GATE);
        step.setMlflowUrl(authServer.trackingUri());
        step.setMlflowCredentialsId("mlflow-ci");

        build.start(step);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.await(STEP_TIMEOUT);

        assertThat(build.log()).contains("basic auth as " + user).doesNotContain(password);
        assertThat(result.toString()).doesNotContain(password);
        assertThat(SecretSearch.filesContaining(build.buildDir(), password)).isEmpty();
        ModelVersion version = authServer.client(Credentials.basic(user, password))
                .getModelVersion(model, (String) result.get("version"));
        assertThat(version.tagValues().toString()).doesNotContain(password);
        assertThat(TestCredentials.trackedCount()).isEqualTo(1);
    }

    @Test
    void theMissingChampionWarningNamesTheChampionAliasParameterNotTheCliOption() throws Exception {
        Run run = goodRun();
        mlflow.getOrCreateRegisteredModel(model);
        StepHarness build = StepHarness.build(jenkinsHome, "134", Map.of());
        RegisterModelStep step = new RegisterModelStep(model, run.runId());
        step.setGate("auc >= champion.auc - 0.01");
        step.setChampionAlias("prod");

        build.start(step);
        build.await(STEP_TIMEOUT);

        assertThat(build.log()).contains("holds alias 'prod'").contains("(check championAlias if one was expected)")
                .doesNotContain("--champion-alias");
    }

    @Test
    void aTagWithoutAValueIsNamedAsTheTagsParameterNotAsTheCliOption() throws Exception {
        RegisterModelStep step = new RegisterModelStep(model, goodRun().runId());
        Map<String, String> tags = new HashMap<>();
        tags.put("team", null);
        step.setTags(tags);

        assertThat(failureOf(step, "135")).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("tag 'team' (tags) has no value").hasMessageNotContaining("--");
        assertThat(mlflow.searchAllModelVersions("name = '" + model + "'")).isEmpty();
    }

    @Test
    void aDatasetWithoutADigestIsOneLineNamingTheDatasetsParameterNotANullPointer() throws Exception {
        RegisterModelStep step = new RegisterModelStep(model, goodRun().runId());
        Map<String, String> datasets = new HashMap<>();
        datasets.put("transactions", null); // an unset variable: datasets: [transactions: env.TRAIN_DIGEST]
        step.setDatasets(datasets);

        assertThat(failureOf(step, "137")).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("dataset 'transactions' (datasets) has no digest");
        assertThat(mlflow.searchAllModelVersions("name = '" + model + "'")).isEmpty();
    }

    @Test
    void aModelMissingAtTheArtifactPathNamesTheStepParametersNotTheCliOptions() throws Exception {
        RegisterModelStep step = new RegisterModelStep(model, goodRun().runId());
        step.setArtifactPath("classifier");

        assertThat(failureOf(step, "136")).isInstanceOf(AbortException.class)
                .hasMessageContaining("has no model at 'classifier'")
                .hasMessageContaining("(artifactPath), or modelUri models:/<model id>").hasMessageNotContaining("--");
    }

    @Test
    void anUnknownMlflowHostIsNamedAsTheMlflowUrlParameterNotAsTheCliOption() throws Exception {
        RegisterModelStep step = new RegisterModelStep(model, "5f1c0a9e2b7d4c18a3e6f0b2d9c4e7a1");
        step.setMlflowUrl("http://mlflow.fraud-team.invalid:5000");

        assertThat(failureOf(step, "137")).isInstanceOf(AbortException.class).hasMessageContaining("unknown host")
                .hasMessageContaining("or mlflowUrl").hasMessageNotContaining("--");
    }

    /** What the step fails with in build {@code number}. */
    private Throwable failureOf(RegisterModelStep step, String number) throws Exception {
        StepHarness build = StepHarness.build(jenkinsHome, number, Map.of());
        build.start(step);
        return build.awaitFailure(STEP_TIMEOUT);
    }
}

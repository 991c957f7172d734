package io.jenkins.plugins.mlops.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.AbortException;
import hudson.TestEnvVars;
import hudson.TestExtensions;
import hudson.TestWorkspaces;
import hudson.model.Result;
import hudson.model.TestBuilds;
import hudson.model.TestFingerprints;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.BufferListener;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Freestyle registerModel build step through {@code perform(...)}, against the real MLflow server. */
@ExtendWith(MlflowServerExtension.class)
class RegisterModelBuilderTest {
    private static final Map<String, String> BUILD = Map.of("JOB_NAME", "fraud-freestyle", "BUILD_NUMBER", "41",
            "GIT_COMMIT", "3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210");

    private final MlflowClient mlflow;
    private final String model = TrainingRuns.modelName("fraud");
    private final BufferListener listener = new BufferListener();
    @TempDir
    Path buildDir;

    RegisterModelBuilderTest(MlflowServer server) {
        this.mlflow = server.client();
        TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(server.trackingUri());
    }

    @BeforeEach
    void cleanJenkins() {
        TestCredentials.clear();
        TestFingerprints.clear();
    }

    private RegisterModelBuilder builder(double auc, String gate) {
        String runId = new TrainingRuns(mlflow).finishedRun(Map.of("auc", auc)).runId();
        RegisterModelStep step = new RegisterModelStep(model, runId);
        step.setGate(gate);
        return new RegisterModelBuilder(step);
    }

    @Test
    void aPassingGateRegistersRecordsLeavesTheResultAloneAndCopiesTheReportIntoTheWorkspace() throws Exception {
        hudson.model.Run<?, ?> run = TestBuilds.build(buildDir.toFile(), "fraud-freestyle", 41);
        Path workspace = Files.createDirectories(buildDir.resolve("workspace"));
        RegisterModelBuilder builder = builder(0.94, "auc >= 0.9");
        builder.getStep().setReportDir("reports/gate");

        // What Jenkins calls for a Freestyle build, which always has a workspace.
        builder.perform(run, TestWorkspaces.of(workspace.toFile()), TestEnvVars.of(BUILD), null, listener);

        assertThat(TestBuilds.result(run)).isNull();
        assertThat(mlflow.getRegisteredModel(model).aliases()).extracting(a -> a.alias()).contains("candidate");
        assertThat(run.getAction(MlopsRunAction.class).getModels()).singleElement()
                .satisfies(m -> assertThat(m.isGatePassed()).isTrue());
        assertThat(Files.exists(buildDir.resolve("mlops/register/" + model + "/gate-report.json"))).isTrue();
        assertThat(workspace.resolve("reports/gate/gate-report.json")).hasSameTextualContentAs(
                buildDir.resolve("mlops/register/" + model + "/gate-report.json"));
        assertThat(workspace.resolve("reports/gate/gate-report.md")).isNotEmptyFile();
    }

    @Test
    void aFailedGateFailsTheBuildWithTheGatesSummary() {
        hudson.model.Run<?, ?> run = TestBuilds.build(buildDir.toFile(), "fraud-freestyle", 42);
        RegisterModelBuilder builder = builder(0.85, "auc >= 0.9");

        assertThatThrownBy(() -> builder.perform(run, TestEnvVars.of(BUILD), listener))
                .isInstanceOf(AbortException.class).hasMessageStartingWith("gate failed for " + model)
                .hasMessageContaining("auc");
        assertThat(run.getAction(MlopsRunAction.class).getModels().get(0).isGatePassed()).isFalse();
    }

    @Test
    void aFailedGateMarksTheBuildUnstableWhenAsked() throws Exception {
        hudson.model.Run<?, ?> run = TestBuilds.build(buildDir.toFile(), "fraud-freestyle", 43);
        RegisterModelBuilder builder = builder(0.85, "auc >= 0.9");
        builder.getStep().setUnstableOnGateFailure(true);

        builder.perform(run, TestEnvVars.of(BUILD), listener);

        assertThat(TestBuilds.result(run)).isEqualTo(Result.UNSTABLE);
        assertThat(listener.text()).contains("gate failed, build marked UNSTABLE");
    }

    @Test
    void theTagsTypedInTheFormAreOnTheNewModelVersion() throws Exception {
        hudson.model.Run<?, ?> run = TestBuilds.build(buildDir.toFile(), "fraud-freestyle", 44);
        RegisterModelBuilder builder = builder(0.94, "auc >= 0.9");
        builder.setTags("team=fraud\n\n  ticket = ML-412\nnote=retrained on = March data\n");

        builder.perform(run, TestEnvVars.of(BUILD), listener);

        String version = run.getAction(MlopsRunAction.class).getModels().get(0).getVersion();
        assertThat(mlflow.getModelVersion(model, version).tagValues())
                .containsEntry("team", "fraud").containsEntry("ticket", "ML-412")
                .containsEntry("note", "retrained on = March data")
                .containsEntry("mlops.ci.job", "fraud-freestyle");
    }

    @Test
    void needsNoWorkspace() {
        assertThat(new RegisterModelBuilder(new RegisterModelStep(model, "9a3e51c2d7f04b8e")).requiresWorkspace())
                .isFalse();
    }
}

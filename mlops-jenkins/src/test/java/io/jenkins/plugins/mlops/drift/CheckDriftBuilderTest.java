package io.jenkins.plugins.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.AbortException;
import hudson.FilePath;
import hudson.TestEnvVars;
import hudson.TestExtensions;
import hudson.TestWorkspaces;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TestBuilds;
import io.jenkins.plugins.mlops.action.DriftRecord;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.BufferListener;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Freestyle checkDrift build step through {@code perform(...)}: files in the job's workspace, the build's result
 * set as {@code onDrift} says, the retraining decision asked of the real MLflow server.
 */
@ExtendWith(MlflowServerExtension.class)
class CheckDriftBuilderTest {
    private static final Map<String, String> BUILD = Map.of("JOB_NAME", "fraud-drift", "BUILD_NUMBER", "12");

    private final MlflowServer server;
    private final BufferListener listener = new BufferListener();
    @TempDir
    Path buildDir;
    @TempDir
    Path workspace;
    private Run<?, ?> run;

    CheckDriftBuilderTest(MlflowServer server) {
        this.server = server;
    }

    @BeforeEach
    void workspaceWithTrainingAndLastWeeksTransactions() throws IOException {
        TestCredentials.clear();
        TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(server.trackingUri());
        run = TestBuilds.build(buildDir.toFile(), "fraud-drift", 12);
        Files.createDirectories(workspace.resolve("data"));
        transactions(workspace.resolve("data/train.csv"), 1, 0.0);
        transactions(workspace.resolve("data/same-week.csv"), 2, 0.0);
        transactions(workspace.resolve("data/last-week.csv"), 3, 40.0);
    }

    /** 3000 card transactions; {@code shift} moves amount and age, so half the columns drift. */
    private static void transactions(Path file, long seed, double shift) throws IOException {
        Random random = new Random(seed);
        String[] regions = {"north", "south", "east", "west"};
        List<String> lines = new ArrayList<>(List.of("amount,age,region"));
        for (int i = 0; i < 3000; i++) {
            lines.add(String.format(Locale.ROOT, "%.2f,%d,%s", 60 + shift + 25 * random.nextGaussian(),
                    18 + (int) (shift / 2) + random.nextInt(60), regions[random.nextInt(regions.length)]));
        }
        Files.write(file, lines);
    }

    private void perform(CheckDriftStep step) throws Exception {
        FilePath ws = TestWorkspaces.of(workspace.toFile());
        new CheckDriftBuilder(step).perform(run, ws, TestEnvVars.of(BUILD), null, listener);
    }

    @Test
    void driftedDataFailsTheBuildWithTheSummaryAndWritesTheReportsIntoTheWorkspace() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setHtml("reports/drift.html");
        step.setJson("reports/drift.json");

        assertThatThrownBy(() -> perform(step)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("drift: ").hasMessageEndingWith("-> DRIFT");
        assertThat(workspace.resolve("reports/drift.html")).isNotEmptyFile();
        assertThat(workspace.resolve("reports/drift.json")).content().contains("\"drifted\" : true");
    }

    @Test
    void driftedDataMarksTheBuildUnstableWhenAsked() throws Exception {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setOnDrift("unstable");

        perform(step);

        assertThat(TestBuilds.result(run)).isSameAs(Result.UNSTABLE);
        assertThat(listener.text()).contains("-> DRIFT");
    }

    @Test
    void dataFromTheSameDistributionLeavesTheResultAlone() throws Exception {
        perform(new CheckDriftStep("data/train.csv", "data/same-week.csv"));

        assertThat(TestBuilds.result(run)).isNull();
    }

    @Test
    void withAModelTheRetrainDecisionIsAskedOfMlflowAndWrittenToTheJsonReport() throws Exception {
        String model = TrainingRuns.modelName("fraud");
        server.client().getOrCreateRegisteredModel(model);
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setModel(model);
        step.setOnDrift("none");
        step.setJson("reports/drift.json");

        perform(step);

        assertThat(TestBuilds.result(run)).isNull();
        assertThat(workspace.resolve("reports/drift.json")).content()
                .contains("\"retrain\" : true").contains("\"model\" : \"" + model + "\"");
    }

    @Test
    void theCheckIsInTheBuildsRecordLikeAPipelinesWithItsHtmlReportKeptInTheBuild() throws Exception {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setHtml("reports/drift.html");
        step.setOnDrift("unstable");

        perform(step);

        DriftRecord record = run.getAction(MlopsRunAction.class).getDriftChecks().get(0);
        assertThat(record.getId()).isEqualTo("drift-1");
        assertThat(record.isDrifted()).isTrue();
        assertThat(record.getDriftedColumns()).containsExactlyInAnyOrder("amount", "age");
        assertThat(record.getHtmlReport()).isEqualTo("drift.html");
        assertThat(buildDir.resolve("mlops/drift/drift-1/drift.html"))
                .hasSameTextualContentAs(workspace.resolve("reports/drift.html"));
    }

    @Test
    void aDriftThatFailsTheBuildIsRecordedFirst() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");

        assertThatThrownBy(() -> perform(step)).isInstanceOf(AbortException.class);
        assertThat(run.getAction(MlopsRunAction.class).getDriftChecks()).singleElement()
                .satisfies(d -> assertThat(d.isDrifted()).isTrue());
    }

    @Test
    void aMissingDatasetFailsTheBuildWithOneLine() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/no-such.csv");

        assertThatThrownBy(() -> perform(step)).isInstanceOf(AbortException.class)
                .hasMessageContaining("no-such.csv").hasMessageNotContaining("\n");
    }
}

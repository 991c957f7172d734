package io.jenkins.plugins.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import hudson.AbortException;
import hudson.TestExtensions;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.StepBinding;
import io.jenkins.plugins.mlops.harness.StepHarness;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.profile.DatasetProfile;
import io.mlopsbridge.drift.profile.ProfileFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * checkDrift's {@code profile}: the reference profile is saved only once the comparison succeeded, as
 * {@code mlops drift --profile-out} does, so a failed check leaves no half-done result in the workspace; without
 * {@code current} the reference is only profiled and its profile saved, as {@code mlops drift --profile-out} without
 * {@code --current} does. No MLflow: the agent's callable runs on a workspace folder.
 */
class ReferenceProfileTest {
    @TempDir
    Path workspace;

    @Test
    void aComparisonThatFailsAfterTheReferenceWasReadLeavesNoProfileInTheWorkspace() throws IOException {
        Path data = Files.createDirectories(workspace.resolve("data"));
        Files.writeString(data.resolve("train.csv"), "amount,region\n61.20,north\n12.99,west\n240.00,east\n");
        // Two rows with a field too many: more than maxBadRows 1, found only while the current data is read.
        Files.writeString(data.resolve("last-week.csv"),
                "amount,region\n58.10,south\n19.95,north,EXTRA\n75.40,west,EXTRA\n44.00,east\n");
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setProfile("profiles/ref.json");
        step.setMaxBadRows(1L);

        Throwable failure = catchThrowable(() -> new DriftOnAgent(step.spec()).invoke(workspace.toFile(), null));

        assertThat(failure).isInstanceOf(MlopsException.class).hasMessageContaining("more than 1 bad row");
        assertThat(workspace.resolve("profiles/ref.json")).doesNotExist();
    }

    /** A build whose workspace holds last month's training data, and no MLflow server configured. */
    private StepHarness buildWithTrainingData() throws IOException {
        TestExtensions.register(new MlopsConfiguration());
        StepHarness build = StepHarness.build(workspace, "12", Map.of());
        Path data = Files.createDirectories(build.workspace().resolve("data"));
        Files.writeString(data.resolve("train.csv"),
                "amount,region\n61.20,north\n12.99,west\n240.00,east\n18.50,north\n");
        return build;
    }

    @Test
    void withoutCurrentTheReferenceProfileIsSavedAndTheStepReturnsAnEmptyMapAndRecordsNoCheck() throws Exception {
        StepHarness build = buildWithTrainingData();
        CheckDriftStep step = StepBinding.bind(CheckDriftStep.class,
                Map.of("reference", "data/train.csv", "profile", "profiles/train.json"));

        build.start(step);
        Object result = build.await(Duration.ofMinutes(1));

        DatasetProfile saved = ProfileFile.load(build.workspace().resolve("profiles/train.json"));
        assertThat(saved.rows()).isEqualTo(4);
        assertThat(saved.columnNames()).containsExactly("amount", "region");
        assertThat(result).as("the shared library's map when only a profile was saved").isEqualTo(Map.of());
        assertThat(build.run().getAction(MlopsRunAction.class)).as("no drift check on the build's record").isNull();
        assertThat(build.log()).contains("drift: saved reference profile to profiles/train.json");
    }

    @Test
    void withoutCurrentTheParametersOnlyAComparisonUsesAreNamedInOneWarningAndNotActedOn() throws Exception {
        StepHarness build = buildWithTrainingData();
        CheckDriftStep step = StepBinding.bind(CheckDriftStep.class, Map.of("reference", "data/train.csv",
                "profile", "profiles/train.json", "html", "reports/drift.html", "model", "fraud-detector",
                "onDrift", "unstable"));

        build.start(step);
        build.await(Duration.ofMinutes(1)); // a model with no MLflow server configured: MLflow is not asked

        assertThat(build.log()).contains("WARNING: checkDrift: without current nothing is compared, so these are not "
                + "used: html, model, onDrift; only the reference profile is saved");
        assertThat(build.workspace().resolve("reports/drift.html")).doesNotExist();
        assertThat(build.workspace().resolve("profiles/train.json")).isNotEmptyFile();
    }

    /** What the step failed with, and the workspace untouched (only the training data in it). */
    private static String failureOf(StepHarness build, Map<String, Object> arguments) throws Exception {
        build.start(StepBinding.bind(CheckDriftStep.class, arguments));
        Throwable failure = build.awaitFailure(Duration.ofMinutes(1));
        try (Stream<Path> files = Files.walk(build.workspace())) {
            assertThat(files.filter(Files::isRegularFile).map(f -> build.workspace().relativize(f).toString()))
                    .as("nothing written").containsExactly("data/train.csv");
        }
        assertThat(failure).isInstanceOf(AbortException.class);
        return failure.getMessage();
    }

    @Test
    void aProfileOnTheReferenceFileIsRefusedNamingBothAndTheTrainingDataIsKept() throws Exception {
        StepHarness build = buildWithTrainingData();
        String training = Files.readString(build.workspace().resolve("data/train.csv"));

        String failure = failureOf(build, Map.of("reference", "data/train.csv", "profile", "data/train.csv"));

        assertThat(failure).isEqualTo("profile: data/train.csv is the same file as reference data/train.csv, so "
                + "the profile would overwrite its data (give profile a path of its own, e.g. profile: "
                + "'profiles/train.json')");
        assertThat(build.workspace().resolve("data/train.csv")).hasContent(training);
    }

    @Test
    void aProfileThatIsNoModelVersionUriIsOneLineNamingProfileBeforeAnythingIsRead() throws Exception {
        String failure = failureOf(buildWithTrainingData(),
                Map.of("reference", "data/train.csv", "profile", "models:/fraud-detector/latest"));

        assertThat(failure).isEqualTo("profile: 'models:/fraud-detector/latest' is not a model version URI (use "
                + "models:/<registered model>/<version number> or models:/<registered model>@<alias>, e.g. "
                + "models:/fraud-detector/3 or models:/fraud-detector@champion)");
    }

    @Test
    void aModelVersionAsTheReferenceIsRefusedWithoutCurrentBeforeMlflowIsAsked() throws Exception {
        String failure = failureOf(buildWithTrainingData(),
                Map.of("reference", "models:/fraud-detector@champion", "profile", "profiles/copy.json"));

        assertThat(failure).isEqualTo("reference: models:/fraud-detector@champion is already a saved profile, and "
                + "without current there is nothing to profile (give current, the data to compare with it, e.g. "
                + "current: 'data/last-week.csv')");
    }

    @Test
    void aModelVersionWithNoMlflowServerConfiguredIsTheMissingMlflowUrlLine() throws Exception {
        String failure = failureOf(buildWithTrainingData(),
                Map.of("reference", "data/train.csv", "profile", "models:/fraud-detector/3"));

        assertThat(failure).startsWith("mlflowUrl: no MLflow server given (pass mlflowUrl: ");
    }

    @Test
    void aReferenceThatIsAlreadyAProfileIsRefusedWithoutCurrentBeforeAnythingIsWritten() throws IOException {
        Path data = Files.createDirectories(workspace.resolve("data"));
        Files.writeString(data.resolve("train.csv"), "amount,region\n61.20,north\n12.99,west\n240.00,east\n");
        CheckDriftStep profiling = new CheckDriftStep("data/train.csv", "data/train.csv");
        profiling.setProfile("profiles/train.json");
        new DriftOnAgent(profiling.spec()).invoke(workspace.toFile(), null);
        CheckDriftStep step = StepBinding.bind(CheckDriftStep.class, Map.of("reference", "profiles/train.json",
                "profile", "profiles/copy.json"));

        Throwable failure = catchThrowable(() -> new DriftOnAgent(step.spec()).invoke(workspace.toFile(), null));

        assertThat(failure).isInstanceOf(MlopsException.class);
        assertThat(((MlopsException) failure).oneLine(InputNaming.STEP_PARAMETERS))
                .isEqualTo("reference: profiles/train.json is already a saved profile, and without current there is "
                        + "nothing to profile (give current, the data to compare with it, e.g. current: "
                        + "'data/last-week.csv')");
        assertThat(workspace.resolve("profiles/copy.json")).doesNotExist();
    }
}

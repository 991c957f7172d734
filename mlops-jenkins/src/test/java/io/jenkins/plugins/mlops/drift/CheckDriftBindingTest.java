package io.jenkins.plugins.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jenkins.plugins.mlops.harness.StepBinding;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * checkDrift's arguments as a Jenkinsfile gives them, bound as Jenkins binds them: a comparison of two datasets, or
 * (as the shared library and {@code mlops drift --profile-out} without {@code --current} take it) the reference's
 * profile saved alone. No build and no agent.
 */
class CheckDriftBindingTest {
    @Test
    void aReferenceAndAProfileWithoutCurrentBindToSaveTheReferenceProfileAlone() {
        CheckDriftStep step = StepBinding.bind(CheckDriftStep.class,
                Map.of("reference", "data/train.csv", "profile", "profiles/train.json"));

        assertThat(step.getCurrent()).isNull();
        assertThat(step.spec().reference()).isEqualTo("data/train.csv");
        assertThat(step.spec().profile()).isEqualTo("profiles/train.json");
    }

    @Test
    void aReferenceAndACurrentStillBindAsAComparison() {
        CheckDriftStep step = StepBinding.bind(CheckDriftStep.class,
                Map.of("reference", "data/train.csv", "current", "data/last-week.csv"));

        assertThat(step.spec().reference()).isEqualTo("data/train.csv");
        assertThat(step.spec().current()).isEqualTo("data/last-week.csv");
    }

    @Test
    void neitherCurrentNorProfileIsRefusedInOneLineNamingBoth() {
        Throwable failure = catchThrowable(() -> StepBinding.bind(CheckDriftStep.class,
                Map.of("reference", "data/train.csv", "current", " ")).spec());

        assertThat(failure).isInstanceOf(MlopsException.class);
        assertThat(((MlopsException) failure).oneLine(InputNaming.STEP_PARAMETERS))
                .isEqualTo("current or profile is required: current, the data to compare with the reference, or "
                        + "profile, where to save the reference's profile without comparing (e.g. current: "
                        + "'data/last-week.csv', or profile: 'profiles/train.json')");
    }

    @Test
    void aCooldownWithoutAModelIsRefusedInOneLineNamingBoth() {
        CheckDriftStep step = StepBinding.bind(CheckDriftStep.class,
                Map.of("reference", "data/train.csv", "current", "data/last-week.csv", "cooldown", "7d"));

        assertThat(oneLineFailureOf(step)).startsWith("cooldown 7d is given without model, so no retraining is decided");
    }

    @Test
    void reportsOutsideTheWorkspaceAreRefusedAsTheStepIsBound() {
        assertThatThrownBy(() -> StepBinding.bind(CheckDriftStep.class, Map.of("reference", "data/train.csv",
                "current", "data/last-week.csv", "html", "/var/lib/jenkins/drift.html")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("html must be a file relative to the "
                        + "workspace, got '/var/lib/jenkins/drift.html'; e.g. html: 'reports/drift.html'");
        assertThatThrownBy(() -> StepBinding.bind(CheckDriftStep.class, Map.of("reference", "data/train.csv",
                "current", "data/last-week.csv", "json", "../../drift.json")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("json must stay inside the workspace, got "
                        + "'../../drift.json' (its '..' leaves it); e.g. json: 'reports/drift.json'");
    }

    @Test
    void aReportInsideTheCurrentFolderOfPartFilesIsRefusedNamingBoth() {
        CheckDriftStep step = StepBinding.bind(CheckDriftStep.class, Map.of("reference", "data/train.csv",
                "current", "data/weeks/", "html", "./data/weeks/drift.html"));

        assertThat(oneLineFailureOf(step)).isEqualTo("html: ./data/weeks/drift.html is inside current data/weeks/, "
                + "so the HTML report would overwrite or join its data (give html a path of its own, e.g. html: "
                + "'reports/drift.html')");
    }

    @Test
    void twoReportsOnTheSameFileAreRefusedNamingBoth() {
        CheckDriftStep step = StepBinding.bind(CheckDriftStep.class, Map.of("reference", "data/train.csv",
                "current", "data/last-week.csv", "json", "reports/drift.json", "junit", "reports//drift.json"));

        assertThat(oneLineFailureOf(step)).isEqualTo("junit: reports//drift.json is the same file as json "
                + "reports/drift.json, so one would overwrite the other (give each its own path, e.g. junit: "
                + "'reports/drift.xml')");
    }

    private static String oneLineFailureOf(CheckDriftStep step) {
        Throwable failure = catchThrowable(step::spec);
        assertThat(failure).isInstanceOf(MlopsException.class);
        return ((MlopsException) failure).oneLine(InputNaming.STEP_PARAMETERS);
    }
}

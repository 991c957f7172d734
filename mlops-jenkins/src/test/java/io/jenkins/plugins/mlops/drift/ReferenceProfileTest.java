package io.jenkins.plugins.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * checkDrift's {@code profile}: the reference profile is saved only once the comparison succeeded, as
 * {@code mlops drift --profile-out} does, so a failed check leaves no half-done result in the workspace. No build and
 * no MLflow: the agent's callable runs on a workspace folder.
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
}

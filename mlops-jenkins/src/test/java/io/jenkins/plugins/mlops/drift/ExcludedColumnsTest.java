package io.jenkins.plugins.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jenkins.plugins.mlops.StepFailure;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.SecretMasker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * checkDrift's {@code exclude} mistakes, as the agent's check meets them and the step reports them: one line naming
 * the step's parameters (not the command line's options), before any data is read or anything is written. No build
 * and no MLflow: the agent's callable runs on a workspace folder.
 */
class ExcludedColumnsTest {
    @TempDir
    Path workspace;

    /** A few card transactions a week: the checks refuse the call from the headers, before reading rows. */
    @BeforeEach
    void workspaceWithTwoWeeksOfTransactions() throws IOException {
        Files.createDirectories(workspace.resolve("data"));
        Files.writeString(workspace.resolve("data/train.csv"),
                "transaction_id,amount,region\n100231,61.20,north\n100232,12.99,west\n100233,240.00,east\n");
        Files.writeString(workspace.resolve("data/last-week.csv"),
                "transaction_id,amount,region\n184410,58.10,south\n184411,19.95,north\n184412,75.40,west\n");
    }

    /** The line the step fails with when the agent's check refuses {@code step}. */
    private String failureOf(CheckDriftStep step) {
        DriftOnAgent agent = new DriftOnAgent(step.spec());
        Throwable refused = catchThrowable(() -> agent.invoke(workspace.toFile(), null));
        assertThat(refused).as("the check's refusal").isInstanceOf(MlopsException.class);
        return StepFailure.of(refused, SecretMasker.none()).getMessage();
    }

    @Test
    void anExcludedColumnInNeitherDatasetIsRefusedNamingTheExcludeParameterBeforeTheProfileIsWritten() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setExclude(List.of("transaction_idd"));
        step.setProfile("reports/train-profile.json");

        assertThat(failureOf(step)).startsWith("exclude names column 'transaction_idd', which is in neither the "
                        + "reference ").contains("(reference columns: transaction_id, amount, region)")
                .doesNotContain("--").doesNotContain("\n");
        assertThat(workspace.resolve("reports/train-profile.json")).doesNotExist();
    }

    @Test
    void excludingEveryColumnThatColumnsSelectsIsRefusedNamingBothParameters() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setColumns(List.of("amount"));
        step.setExclude(List.of("amount"));

        assertThat(failureOf(step)).isEqualTo("no columns left to compare (check columns and exclude)");
    }
}

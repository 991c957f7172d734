package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --version} is the tool's version only before a command: after one it is the model version that promote and
 * deploy take, so a command without that option must refuse it rather than print nothing and exit 0 (a CI step that
 * meant {@code rollback --version 3} would have "succeeded" without doing anything).
 */
class VersionOptionTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "register --model fraud-detector --run-id 5f1c0a9e2b7d4c1f8a3e6b0d9c2f4a71 --version 3",
        "rollback --model fraud-detector --version 3",
        "gate --gate auc>=0.9 --metrics-file metrics.json --version 3",
        "train --experiment fraud-detection --version 3 -- python train.py",
        "drift --reference month-1.csv --current month-2.csv --version 3"})
    void aCommandWithoutAModelVersionOptionRefusesVersionAsAnInputError(String commandLine) {
        CliRun cli = CliRun.run(Map.of(), commandLine.split(" "));

        assertThat(cli.exitCode()).as(cli.allOutput()).isEqualTo(2);
        assertThat(cli.stderr()).contains("--version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"register", "rollback", "gate", "train", "drift"})
    void theShortVersionFlagIsRefusedAfterACommandToo(String command) {
        CliRun cli = CliRun.run(Map.of(), command, "-V");

        assertThat(cli.exitCode()).as(cli.allOutput()).isEqualTo(2);
    }

    @Test
    void theToolsVersionIsPrintedBeforeACommand() {
        CliRun cli = CliRun.run(Map.of(), "--version");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.stdout()).startsWith("mlops ");
    }
}

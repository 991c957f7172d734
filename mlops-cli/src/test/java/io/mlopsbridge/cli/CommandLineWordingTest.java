package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A command line that does not parse is one error line in the user's words, exit 2: a word where an option takes a
 * number names the option as typed and shows a value it takes, not picocli's "is not an int" (the Java type); no
 * "Error: Error:"; the first thing wrong, not a later consequence of it.
 */
class CommandLineWordingTest {
    private static String errorLine(CliRun cli) {
        List<String> errors = cli.stderr().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).as(cli.stderr()).hasSize(1);
        return errors.get(0);
    }

    @Test
    void aCanaryThatIsNotANumberNamesTheOptionAndAnExample() {
        CliRun cli = CliRun.run(Map.of(), "deploy", "--model", "fraud-detector", "--version", "7", "--target",
                "kserve", "--canary", "ten");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: --canary: 'ten' is not a whole number");
        assertThat(cli.stderr()).contains("e.g. --canary 10").doesNotContain("is not an int");
    }

    /** Drift's number options: a whole number (picocli's "not an int") and a decimal one ("not a double"). */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"--partitions, many, is not a whole number, 10", "--threshold, abc, is not a number, 0.1"})
    void aWordForADriftNumberNamesTheOptionAndAnExample(String option, String word, String what, String example) {
        CliRun cli = CliRun.run(Map.of(), "drift", "--reference", "month-1.csv", "--current", "month-2.csv",
                option, word);

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: " + option + ": '" + word + "' " + what);
        assertThat(cli.stderr()).contains("e.g. " + option + " " + example).doesNotContain("double");
    }

    @Test
    void optionsThatExcludeEachOtherAreNamedWithoutASecondError() {
        CliRun cli = CliRun.run(Map.of(), "promote", "--model", "fraud-detector", "--version", "7", "--from-alias",
                "candidate");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).startsWith("error: --version").contains("--from-alias")
                .contains("are mutually exclusive").doesNotContain("Error");
    }

    @Test
    void anUnknownOptionIsReportedRatherThanTheRequiredOptionMissingBesideIt() {
        CliRun cli = CliRun.run(Map.of(), "promote", "--json", "--bogus");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: Unknown option: '--bogus'");
    }

    @Test
    void noSubcommandPrintsTheUsageOnStderrAndExitsTwo() {
        CliRun cli = CliRun.run(Map.of());

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stdout()).isEmpty();
        assertThat(cli.stderr()).contains("Usage: mlops").contains("register");
    }
}

package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A word where an option takes a whole number is an input error that names the option as typed and shows a value it
 * takes, not picocli's "is not an int" (the Java type).
 */
class WholeNumberOptionTest {
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

    @Test
    void partitionsThatAreNotANumberNameTheOptionAndAnExample() {
        CliRun cli = CliRun.run(Map.of(), "drift", "--reference", "month-1.csv", "--current", "month-2.csv",
                "--partitions", "many");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(errorLine(cli)).isEqualTo("error: --partitions: 'many' is not a whole number");
        assertThat(cli.stderr()).contains("e.g. --partitions 10");
    }
}

package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A mistaken option is a usage error (exit 2) naming the option and how to fix it, found before either data set is
 * read (a read may take minutes) and so before anything is written; never a stack trace, never a verdict.
 */
class DriftRefusedOptionsCommandTest {
    @TempDir
    Path dir;
    private Path reference;
    private Path current;

    /** Card payments: an amount, the customer's age and the region. */
    private Path payments(String name, long seed) throws IOException {
        Random random = new Random(seed);
        String[] regions = {"north", "south", "east"};
        List<String> lines = new ArrayList<>(List.of("amount,age,region"));
        for (int i = 0; i < 600; i++) {
            lines.add(String.format(Locale.ROOT, "%.2f,%d,%s", 100 + 10 * random.nextGaussian(),
                    18 + random.nextInt(60), regions[random.nextInt(regions.length)]));
        }
        return Files.write(dir.resolve(name), lines);
    }

    @BeforeEach
    void data() throws IOException {
        reference = payments("train.csv", 1);
        current = payments("last-week.csv", 2);
    }

    /** Runs a check of the payments with {@code options}, and asserts it was refused before reading. */
    private CliRun refused(Map<String, String> env, String... options) {
        List<String> args = new ArrayList<>(List.of("--reference", reference.toString(), "--current",
                current.toString()));
        args.addAll(List.of(options));
        return refusedCommand(env, args);
    }

    /** Runs {@code mlops drift args}, and asserts it was refused before reading. */
    private static CliRun refusedCommand(Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>(List.of("drift"));
        command.addAll(args);
        CliRun run = CliRun.run(env, command.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.allOutput()).isEqualTo(2);
        assertThat(run.stderr()).doesNotContain("drift: read ").doesNotContain("\tat ");
        assertThat(run.stdout()).doesNotContain("drift:");
        return run;
    }

    private CliRun refused(String... options) {
        return refused(Map.of(), options);
    }

    @Test
    void aRuleReadingChampionMetrics() {
        assertThat(refused("--rule", "drift_share <= champion.drift_share").stderr())
                .contains("error: --rule 'drift_share <= champion.drift_share' reads champion metrics");
    }

    @Test
    void aPValueThresholdAboveOne() {
        assertThat(refused("--method", "ks", "--threshold", "2", "--columns", "amount,age").stderr())
                .contains("error: --threshold 2.0 does not suit --method ks: ks gives a p-value, so its threshold "
                        + "must be in (0, 1)");
    }

    @Test
    void aColumnThresholdForAnUnknownColumn() {
        assertThat(refused("--column-threshold", "nosuch=0.2").stderr())
                .contains("error: --column-threshold names column 'nosuch', which is not compared");
    }

    @ParameterizedTest(name = "{0} given twice")
    @CsvSource({"--column-threshold, age=0.9, age=0.01", "--column-method, amount=psi, amount=ks"})
    void aColumnGivenTwiceToAPerColumnOption(String option, String first, String second) {
        assertThat(refused(option, first, option, second).stderr()).contains("error: " + option + " gives column '"
                + first.substring(0, first.indexOf('=')) + "' twice: " + first + ", " + second);
    }

    @Test
    void aCooldownWithoutAModel() {
        assertThat(refused("--cooldown", "7d").stderr())
                .contains("error: --cooldown 7d is given without --model, so no retraining is decided");
    }

    @Test
    void anExcludedColumnNeitherInputHas() {
        assertThat(refused("--exclude", "nosuch").stderr()).contains("error: --exclude names column 'nosuch'");
    }

    @ParameterizedTest(name = "--model ''{0}''")
    @CsvSource({"'fraud/detector', error: invalid model name 'fraud/detector'", "'', error: model name is empty",
        "'fraud\tdetector', error: invalid model name 'fraud\\tdetector': it contains a control character"})
    void anInvalidModelName(String model, String error) {
        // MLflow is configured (nothing listens there): the name is refused without asking it.
        assertThat(refused(Map.of("MLFLOW_TRACKING_URI", "http://127.0.0.1:1"), "--model", model).stderr())
                .contains(error).doesNotContain("MLflow");
    }

    @Test
    void aModelVersionUriWithAnInvalidModelName() {
        assertThat(refused(Map.of("MLFLOW_TRACKING_URI", "http://127.0.0.1:1"), "--profile-out",
                "models:/fraud:detector/3").stderr())
                .contains("error: invalid model name 'fraud:detector'").doesNotContain("MLflow");
    }

    @Test
    void aProfileOutThatIsTheReferenceData() throws IOException {
        CliRun run = refused("--profile-out", reference.toString());
        assertThat(run.stderr()).contains("error: --profile-out " + reference + " is the --reference file");
        assertThat(Files.readString(reference)).startsWith("amount,age,region\n");
    }

    @Test
    void aReportThatIsTheCurrentDataThroughASymlink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("report.html"), current);
        assertThat(refused("--html", link.toString()).stderr())
                .contains("error: --html " + link + " is the --current file");
        assertThat(Files.readString(current)).startsWith("amount,age,region\n");
    }

    @Test
    void aReportInsideTheDirectoryOfCurrentPartFiles() throws IOException {
        Path parts = Files.createDirectories(dir.resolve("last-week"));
        Files.copy(current, parts.resolve("part-00000.csv"));
        CliRun run = refusedCommand(Map.of(), List.of("--reference", reference.toString(), "--current",
                parts.toString(), "--json", parts.resolve("part-00000.csv").toString()));
        assertThat(run.stderr()).contains("error: --json " + parts.resolve("part-00000.csv")
                + " is inside the --current directory " + parts);
    }

    @Test
    void twoReportsToOneFile() {
        Path report = dir.resolve("drift.out");
        assertThat(refused("--json", report.toString(), "--junit", report.toString()).stderr())
                .contains("error: --junit " + report + " is the same file as --json");
    }

    /** A value left empty, as a shell variable that was never set leaves it, names no file (not the working folder). */
    @ParameterizedTest(name = "{0}=")
    @CsvSource(delimiter = '|', value = {
        "--reference   | --reference is empty | give a data file, a directory of part files, a saved profile or "
                + "models:/NAME/VERSION",
        "--current     | --current is empty | give a CSV or Parquet file, or a directory of part files",
        "--profile-out | --profile-out is empty | give a file, or models:/NAME/VERSION",
        "--json        | --json is empty | give a file, or - (or no value) for stdout",
        "--html        | --html is empty | give a file",
        "--junit       | --junit is empty | give a file"})
    void anEmptyValue(String option, String error, String hint) {
        Map<String, String> values = new LinkedHashMap<>(Map.of("--reference", reference.toString(), "--current",
                current.toString()));
        values.put(option, "");
        List<String> args = new ArrayList<>();
        values.forEach((name, value) -> args.add(name + "=" + value));

        CliRun run = refusedCommand(Map.of(), args);

        assertThat(run.stderr()).isEqualTo("error: " + error + "\n  " + hint + "\n");
    }
}

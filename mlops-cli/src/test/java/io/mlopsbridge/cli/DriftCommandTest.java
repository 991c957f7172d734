package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DriftCommandTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int mlops(String... args) {
        CommandLine cli = MlopsCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path csv(String name, int rows, long seed, double shift) throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        lines.add("amount,region");
        for (int i = 0; i < rows; i++) {
            String region = random.nextDouble() < 0.3 + shift * 0.3 ? "north" : "south";
            lines.add(String.format(Locale.ROOT, "%.2f,%s", 100 + 20 * shift + 10 * random.nextGaussian(), region));
        }
        return Files.write(dir.resolve(name), lines);
    }

    /** Checks current data against a reference, both with the amount column named {@code column}; the exit code. */
    private int checkWithAmountNamed(String column) throws IOException {
        for (String name : List.of("ref.csv", "cur.csv")) {
            Path file = csv(name, 300, name.length(), 0);
            Files.writeString(file, Files.readString(file).replaceFirst("amount", "\"" + column + "\""));
        }
        return mlops("drift", "--reference", dir.resolve("ref.csv").toString(), "--current",
                dir.resolve("cur.csv").toString());
    }

    @Test
    void noDriftExitsZeroAndWritesJsonHtmlAndJunit() throws IOException {
        Path ref = csv("ref.csv", 500, 1, 0);
        Path cur = csv("cur.csv", 500, 2, 0);
        int code = mlops("drift", "--reference", ref.toString(), "--current", cur.toString(),
                "--json", dir.resolve("out/drift.json").toString(), "--html", dir.resolve("out/drift.html").toString(),
                "--junit", dir.resolve("out/drift.xml").toString());
        assertThat(code).as(err.toString()).isEqualTo(0);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("out/drift.json").toFile());
        assertThat(json.path("drifted").asBoolean()).isFalse();
        assertThat(json.path("columns")).hasSize(2);
        assertThat(Files.readString(dir.resolve("out/drift.html"))).contains("amount", "<svg");
        assertThat(dir.resolve("out/mlops-drift.css")).as("the report's stylesheet, beside it").isNotEmptyFile();
        assertThat(Files.readString(dir.resolve("out/drift.xml"))).contains("<testcase", "name=\"region\"");
        assertThat(out.toString()).contains("amount", "no drift");
    }

    @Test
    void controlCharactersInColumnNamesReachTheTableEscaped() throws IOException {
        // A header made to recolour the terminal (ESC [31m) and to break the table's line.
        assertThat(checkWithAmountNamed("amount\u001b[31m\rfake")).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("amount\\u001b[31m\\rfake").doesNotContain("\u001b").doesNotContain("\r");
    }

    @Test
    void bidiOverridesAndLineSeparatorsInColumnNamesReachTheTableEscaped() throws IOException {
        // U+202E shows the rest of the line reversed where bidi is rendered ("DRIFT" as "TFIRD", a name spoofed);
        // U+2028 breaks the line in some terminals and viewers.
        assertThat(checkWithAmountNamed("amount\u202Etfird\u2028next")).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("amount\\u202etfird\\u2028next").doesNotContain("\u202E")
                .doesNotContain("\u2028");
    }

    @Test
    void controlCharactersInColumnNamesReachTheLogEscaped() throws IOException {
        // The reference has a column the current data lacks: the warning naming it goes to stderr.
        Path ref = csv("ref.csv", 300, 1, 0);
        Files.writeString(ref, Files.readString(ref).replaceFirst("amount,region", "amount,region,\"note\u001b[2J\"")
                .replaceAll("(?m)^(\\d.*)$", "$1,x"));
        CliRun run = CliRun.run(java.util.Map.of(), "drift", "--reference", ref.toString(), "--current",
                csv("cur.csv", 300, 2, 0).toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("lacks column(s) note\\u001b[2J").doesNotContain("\u001b");
    }

    @Test
    void controlCharactersInColumnNamesReachTheErrorLineEscaped() throws IOException {
        CliRun run = CliRun.run(java.util.Map.of(), "drift", "--reference", csv("ref.csv", 300, 1, 0).toString(),
                "--current", csv("cur.csv", 300, 2, 0).toString(), "--columns", "amount\u001b[31m\rregion");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("column 'amount\\u001b[31m\\rregion' is not in the reference")
                .doesNotContain("\u001b").doesNotContain("\r");
    }

    @Test
    void driftExitsOne() throws IOException {
        int code = mlops("drift", "--reference", csv("ref.csv", 500, 1, 0).toString(),
                "--current", csv("cur.csv", 500, 2, 1).toString());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("DRIFT");
    }

    @Test
    void aRuleInTheGateLanguageDecides() throws IOException {
        Path ref = csv("ref.csv", 500, 1, 0);
        Path cur = csv("cur.csv", 500, 2, 0.3);
        int code = mlops("drift", "--reference", ref.toString(), "--current", cur.toString(), "--json",
                "--rule", "drift_share <= 0.5 && psi.amount < 0.05");
        assertThat(code).as(err.toString()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("rule").asText()).isEqualTo("drift_share <= 0.5 && psi.amount < 0.05");
        assertThat(json.path("ruleVerdict").path("passed").asBoolean()).isFalse();
    }

    @Test
    void aSavedProfileReplacesTheReferenceData() throws IOException {
        Path ref = csv("ref.csv", 800, 1, 0);
        Path cur = csv("cur.csv", 700, 2, 0.2);
        Path profile = dir.resolve("ref.profile.json");
        assertThat(mlops("drift", "--reference", ref.toString(), "--profile-out", profile.toString())).isZero();
        mlops("drift", "--reference", ref.toString(), "--current", cur.toString(), "--json",
                dir.resolve("direct.json").toString());
        mlops("drift", "--reference", profile.toString(), "--current", cur.toString(), "--json",
                dir.resolve("profile.json").toString());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode direct = mapper.readTree(dir.resolve("direct.json").toFile());
        JsonNode viaProfile = mapper.readTree(dir.resolve("profile.json").toFile());
        assertThat(viaProfile.path("columns")).isEqualTo(direct.path("columns"));
        assertThat(viaProfile.path("reference").path("fromProfile").asBoolean()).isTrue();
    }

    @Test
    void aFileProfiledInPartitionsGivesTheResultOfOnePass() throws IOException {
        Path ref = csv("ref.csv", 120_000, 1, 0);
        Path cur = csv("cur.csv", 110_000, 2, 0.1);
        List<JsonNode> results = new ArrayList<>();
        for (String parts : new String[] {"3", "1"}) {
            Path json = dir.resolve("drift-" + parts + ".json");
            int code = mlops("drift", "--reference", ref.toString(), "--current", cur.toString(), "--partitions", parts,
                    "--json", json.toString());
            assertThat(code).as(err.toString()).isEqualTo(1);
            results.add(new ObjectMapper().readTree(json.toFile()).path("columns"));
        }
        JsonNode parted = results.get(0);
        JsonNode whole = results.get(1);
        assertThat(parted).hasSameSizeAs(whole);
        for (int i = 0; i < whole.size(); i++) {
            for (String exact : new String[] {"column", "method", "drifted", "referenceCount", "currentCount"}) {
                assertThat(parted.get(i).path(exact)).isEqualTo(whole.get(i).path(exact));
            }
            // Counts and bins add up exactly; the standard deviation Wasserstein divides by agrees to rounding.
            assertThat(parted.get(i).path("score").asDouble()).isCloseTo(whole.get(i).path("score").asDouble(),
                    org.assertj.core.api.Assertions.withinPercentage(1e-10));
        }
    }

    @Test
    void aNegativePartitionCountIsAUsageError() throws IOException {
        int code = mlops("drift", "--reference", csv("ref.csv", 50, 1, 0).toString(), "--current",
                csv("cur.csv", 50, 2, 0).toString(), "--partitions", "-2");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--partitions must be 0 (automatic) or more").doesNotContain("\tat ");
    }

    @Test
    void aMissingFileIsAUsageErrorWithoutAStackTrace() {
        int code = mlops("drift", "--reference", dir.resolve("nope.csv").toString(), "--current",
                dir.resolve("nope2.csv").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("error: reference file").contains("does not exist").doesNotContain("\tat ");
    }

    @Test
    void aBadRuleIsAUsageError() throws IOException {
        int code = mlops("drift", "--reference", csv("ref.csv", 50, 1, 0).toString(), "--current",
                csv("cur.csv", 50, 2, 0).toString(), "--rule", "drift_share <=");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("gate expression");
    }

    @Test
    void aRuleNamingAnUnknownMetricListsTheMetrics() throws IOException {
        int code = mlops("drift", "--reference", csv("ref.csv", 50, 1, 0).toString(), "--current",
                csv("cur.csv", 50, 2, 0).toString(), "--rule", "psi.income < 0.1");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("psi.income").contains("drift_share");
    }

    @Test
    void anUnknownMethodIsAUsageError() throws IOException {
        int code = mlops("drift", "--reference", csv("ref.csv", 50, 1, 0).toString(), "--current",
                csv("cur.csv", 50, 2, 0).toString(), "--method", "t-test");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown drift method 't-test'");
    }

    @Test
    void aMethodThatDoesNotSuitTheColumnIsAUsageError() throws IOException {
        int code = mlops("drift", "--reference", csv("ref.csv", 50, 1, 0).toString(), "--current",
                csv("cur.csv", 50, 2, 0).toString(), "--column-method", "region=ks");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("column 'region' is categorical; ks needs numbers");
    }
}

package io.mlopsbridge.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The JSON and Markdown reports that make a gate decision auditable. */
class GateReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPRESSION = "auc >= 0.92 && auc >= champion.auc - 0.005 && latency_p95_ms <= 50";

    private final Map<String, Double> candidate = Map.of("auc", 0.925, "latency_p95_ms", 41.5, "loss", 0.31);
    private final Map<String, Double> champion = Map.of("auc", 0.934);

    @Test
    void jsonCarriesTheVerdictWithFieldsInAFixedOrder() throws IOException {
        JsonNode json = JSON.readTree(failingVerdict().toJson());

        assertThat(fieldNames(json)).containsExactly("expression", "passed", "championAlias", "championPresent",
                "clauses");
        assertThat(json.get("expression").asText()).isEqualTo(EXPRESSION);
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("championAlias").asText()).isEqualTo("champion");
        assertThat(json.get("championPresent").asBoolean()).isTrue();
    }

    @Test
    void jsonListsEachClauseWithTheValuesItSaw() throws IOException {
        JsonNode clauses = JSON.readTree(failingVerdict().toJson()).get("clauses");

        assertThat(clauses).hasSize(3);
        JsonNode failed = clauses.get(1);
        assertThat(fieldNames(failed)).containsExactly("text", "passed", "values", "note");
        assertThat(failed.get("text").asText()).isEqualTo("auc >= champion.auc - 0.005");
        assertThat(failed.get("passed").asBoolean()).isFalse();
        assertThat(fieldNames(failed.get("values"))).containsExactly("auc", "champion.auc");
        assertThat(failed.get("values").get("auc").doubleValue()).isEqualTo(0.925);
        assertThat(failed.get("values").get("champion.auc").doubleValue()).isEqualTo(0.934);
        assertThat(failed.get("note").isNull()).isTrue();
    }

    @Test
    void jsonRecordsTheNoChampionNote() throws IOException {
        GateVerdict verdict = Gate.withDefaults().evaluate(GateExpression.parse(EXPRESSION), candidate,
                Optional.empty());

        JsonNode json = JSON.readTree(verdict.toJson());

        assertThat(json.get("championPresent").asBoolean()).isFalse();
        assertThat(json.get("clauses").get(1).get("note").asText()).isEqualTo("no champion yet (alias 'champion')");
        assertThat(fieldNames(json.get("clauses").get(1).get("values"))).containsExactly("auc");
    }

    @Test
    void jsonWritesValuesAsTheirShortestExactDecimal() {
        GateVerdict verdict = evaluate("x + y > 0 && z > 0", Map.of("x", 0.1 + 0.2, "y", 1e-7, "z", 3.0));

        assertThat(verdict.toJson()).contains("\"x\" : 0.30000000000000004", "\"y\" : 1e-7", "\"z\" : 3\n");
    }

    @Test
    void jsonWritesNanAsAString() throws IOException {
        GateVerdict verdict = evaluate("auc > 0.5", Map.of("auc", Double.NaN));

        assertThat(JSON.readTree(verdict.toJson()).get("clauses").get(0).get("values").get("auc").asText())
                .isEqualTo("NaN");
    }

    @Test
    void reportsDoNotDependOnTheOrderOfTheInputMaps() {
        Map<String, Double> forwards = new LinkedHashMap<>();
        Map<String, Double> backwards = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            names.add("m" + i);
        }
        names.forEach(name -> forwards.put(name, names.indexOf(name) / 7.0));
        for (int i = names.size() - 1; i >= 0; i--) {
            backwards.put(names.get(i), i / 7.0);
        }
        String expression = String.join(" + ", names) + " > 50";

        GateVerdict first = evaluate(expression, forwards);
        GateVerdict second = evaluate(expression, new HashMap<>(backwards));

        assertThat(second.toJson()).isEqualTo(first.toJson());
        assertThat(second.toMarkdown()).isEqualTo(first.toMarkdown());
        assertThat(new ArrayList<>(first.clauses().get(0).values().keySet())).isSorted();
    }

    @Test
    void markdownShowsTheFailingClauseWithItsValues() {
        String markdown = failingVerdict().toMarkdown();

        assertThat(markdown).contains("## Gate failed")
                .contains("| `auc >= champion.auc - 0.005` | `auc = 0.925, champion.auc = 0.934` | **failed** |")
                .contains("| `auc >= 0.92` | `auc = 0.925` | passed |")
                .contains("| `latency_p95_ms <= 50` | `latency_p95_ms = 41.5` | passed |");
    }

    @Test
    void markdownIsATableOfClauseValuesAndVerdict() {
        String markdown = failingVerdict().toMarkdown();

        assertThat(markdown).contains("| Clause | Values | Verdict |\n| --- | --- | --- |\n");
    }

    @Test
    void markdownEndsWithTheOverallVerdictAndCounts() {
        assertThat(failingVerdict().toMarkdown()).endsWith("**Verdict: failed**: 2 of 3 clauses passed; failed:"
                + " `auc >= champion.auc - 0.005`.\n");
        assertThat(evaluate("auc > 0.9", candidate).toMarkdown())
                .endsWith("**Verdict: passed**: 1 of 1 clauses passed.\n");
    }

    @Test
    void markdownSaysWhenThereIsNoChampionYet() {
        String markdown = Gate.withDefaults().evaluate(GateExpression.parse(EXPRESSION), candidate, Optional.empty())
                .toMarkdown();

        assertThat(markdown).contains("Champion: no champion yet (alias `champion`)")
                .contains("| `auc >= champion.auc - 0.005` | `auc = 0.925` | passed: no champion yet (alias 'champion') |");
    }

    @Test
    void markdownEscapesPipesAndBackQuotesInClauses() {
        GateVerdict verdict = evaluate("`odd``name` > 1 || `f1-score` > 0.5", Map.of("odd`name", 0.0, "f1-score", 0.4));

        assertThat(verdict.toMarkdown())
                .contains("| ``` `odd``name` > 1 \\|\\| `f1-score` > 0.5 ``` | `` f1-score = 0.4, odd`name = 0 `` |");
    }

    @Test
    void markdownEscapesMarkupInNotes() {
        GateVerdict verdict = evaluate("a / b_c > 1", Map.of("a", 1.0, "b_c", 0.0));

        assertThat(verdict.toMarkdown()).contains("**failed**: division by zero: 'b\\_c' is 0 |");
    }

    @Test
    void markdownShowsControlAndBidiCharactersInNamesEscaped() {
        // U+202E would show the rest of the line reversed where the report is read, ESC would recolour a terminal.
        GateVerdict verdict = evaluate("`acc\u202E` > 0.5 && `auc\u001B[8m` > 0.5",
                Map.of("acc\u202E", 0.9, "auc\u001B[8m", 0.4));

        assertThat(verdict.toMarkdown()).doesNotContain("\u202E", "\u001B")
                .contains("| `` `acc\\u202e` > 0.5 `` | `acc\\u202e = 0.9` | passed |")
                .contains("failed: `` `auc\\u001b[8m` > 0.5 ``.");
    }

    @Test
    void clausesWithoutMetricsShowNoValues() {
        assertThat(evaluate("1 < 2", Map.of()).toMarkdown()).contains("| `1 < 2` | (none) | passed |");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.1, 0.1", "0.92, 0.92", "50, 50", "-42.5, -42.5", "1e-3, 0.001", "1e-7, 1e-7", "1e21, 1e21",
            "123456789012345678, 123456789012345680", "2e-323, 2e-323", "1.7976931348623157e308, 1.7976931348623157e308",
            "0.30000000000000004, 0.30000000000000004", "100.25, 100.25", "0, 0", "-0.0, -0", "NaN, NaN",
            "Infinity, Infinity", "-Infinity, -Infinity"})
    void doublesArePrintedWithTheFewestDigitsThatReadBackExactly(double value, String printed) {
        assertThat(ShortestDouble.format(value)).isEqualTo(printed);
    }

    @Test
    void everyPrintedDoubleReadsBackAsTheSameDouble() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(value)) {
                assertThat(Double.parseDouble(ShortestDouble.format(value))).as("%s", value).isEqualTo(value);
            }
        }
    }

    @Test
    void writerPutsBothReportsIntoTheDirectory(@TempDir Path directory) throws IOException {
        GateVerdict verdict = failingVerdict();

        GateReportFiles files = GateReportWriter.writeTo(directory.resolve("reports/gate"), verdict);

        assertThat(files.json()).hasFileName("gate-report.json").hasContent(verdict.toJson().stripTrailing());
        assertThat(files.markdown()).hasFileName("gate-report.md");
        assertThat(Files.readString(files.markdown())).isEqualTo(verdict.toMarkdown());
        try (Stream<Path> written = Files.list(files.json().getParent())) {
            assertThat(written).hasSize(2);
        }
    }

    @Test
    void writerReplacesAnEarlierReport(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("gate.json");
        Files.writeString(file, "old report that was longer than the new one".repeat(100));

        GateReportWriter.writeJson(file, failingVerdict());

        assertThat(Files.readString(file)).isEqualTo(failingVerdict().toJson());
    }

    @Test
    void writerLeavesNeitherReportWhenTheSecondCannotBeWritten(@TempDir Path directory) throws IOException {
        Path markdownInTheWay = Files.createDirectory(directory.resolve("gate-report.md"));

        MlopsException error = catchThrowableOfType(MlopsException.class,
                () -> GateReportWriter.writeTo(directory, failingVerdict()));

        assertThat(error.getMessage()).startsWith("cannot write gate report " + markdownInTheWay);
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left).as("no JSON report without its Markdown twin, no temporary file")
                    .containsExactly(markdownInTheWay);
        }
    }

    @Test
    void writerReportsAnUnwritablePathAsAnInputErrorAndLeavesNothingBehind(@TempDir Path directory) throws IOException {
        Path notADirectory = Files.writeString(directory.resolve("file"), "x");

        MlopsException error = catchThrowableOfType(MlopsException.class,
                () -> GateReportWriter.writeMarkdown(notADirectory.resolve("gate.md"), failingVerdict()));

        assertThat(error.kind()).isEqualTo(ErrorKind.INPUT);
        assertThat(error.getMessage()).startsWith("cannot write gate report " + notADirectory.resolve("gate.md"));
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left).containsExactly(notADirectory);
        }
    }

    @Test
    void aReportDirectoryTheSystemRefusesIsAnInputErrorInWordsNotTheExceptionsName() {
        // sysfs refuses new entries to everyone, root included: the closest to a read-only mount a test can use.
        Path refused = Path.of("/sys/mlops-gate-reports");

        MlopsException error = catchThrowableOfType(() -> GateReportWriter.requireWritableDirectory(refused),
                MlopsException.class);

        assertThat(error.kind()).isEqualTo(ErrorKind.INPUT);
        assertThat(error.getMessage()).startsWith("cannot write the gate report to " + refused + ": ")
                .doesNotContain("FileSystem").doesNotContain("Exception").doesNotContain("AccessDenied");
    }

    private GateVerdict failingVerdict() {
        return Gate.withDefaults().evaluate(GateExpression.parse(EXPRESSION), candidate, Optional.of(champion));
    }

    private static GateVerdict evaluate(String expression, Map<String, Double> metrics) {
        return Gate.withDefaults().evaluate(GateExpression.parse(expression), metrics, Optional.empty());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

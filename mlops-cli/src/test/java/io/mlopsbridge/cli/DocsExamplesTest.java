package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.gate.GateExpression;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The docs cannot drift from the code: every {@code bin/mlops ...} line in the shell blocks of README.md and
 * docs/*.md, and in the shell scripts of their YAML blocks (GitHub Actions {@code run:} values, GitLab CI
 * {@code script:} entries), parses with the CLI's picocli model, with the options as written; every gate expression (in
 * {@code --gate}, {@code --smoke-gate} and {@code --rule} values, in {@code ```gate} blocks, in Jenkinsfile
 * {@code gate:}/{@code smokeGate:}/{@code rule:} arguments) parses; every {@code ```json} and {@code ```yaml} block
 * is valid; and a JSON block marked as a command's result ({@code ```json mlops-register}) has exactly the top-level
 * keys that command prints with {@code --json}, produced here by running it against a real MLflow server.
 * Failures name the file and line of each wrong example.
 */
@ExtendWith(MlflowServerExtension.class)
class DocsExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> GATE_OPTIONS = List.of("--gate", "--smoke-gate", "--rule", "--expression");

    private static List<MarkdownExamples> docs() {
        Path root = ExamplePipelines.repoRoot();
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> md = Files.list(root.resolve("docs"))) {
            md.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files.stream().map(f -> {
            try {
                return MarkdownExamples.parse(root.relativize(f).toString(), Files.readString(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** One line per example that does not parse: where, the example, and picocli's or the gate parser's message. */
    static List<String> commandProblems(List<MarkdownExamples> docs) {
        List<String> problems = new ArrayList<>();
        for (MarkdownExamples doc : docs) {
            for (MarkdownExamples.CommandExample example : doc.commands()) {
                try {
                    ParseResult parsed = MlopsCommand.commandLine().parseArgs(example.args().toArray(String[]::new));
                    if (!parsed.hasSubcommand() && !parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested()) {
                        problems.add(example.where() + ": `" + example.text() + "`: no mlops command given");
                        continue;
                    }
                    ParseResult command = parsed.hasSubcommand() ? parsed.subcommand() : parsed;
                    for (CommandLine.Model.OptionSpec option : command.matchedOptions()) {
                        if (java.util.Arrays.stream(option.names()).noneMatch(GATE_OPTIONS::contains)) {
                            continue;
                        }
                        String problem = gateProblem(String.valueOf((Object) option.getValue()));
                        if (problem != null) {
                            problems.add(example.where() + ": `" + example.text() + "`: "
                                    + String.join("/", option.names()) + ": " + problem);
                        }
                    }
                } catch (CommandLine.ParameterException e) {
                    problems.add(example.where() + ": `" + example.text() + "`: " + e.getMessage());
                }
            }
        }
        return problems;
    }

    /** {@link #commandProblems(List)} of one Markdown document made of {@code lines}. */
    private static List<String> commandProblems(String file, String... lines) {
        return commandProblems(List.of(MarkdownExamples.parse(file, String.join("\n", lines))));
    }

    /** Null when the expression parses (or is a shell variable whose value the docs do not show). */
    private static String gateProblem(String expression) {
        if (expression.isEmpty() || expression.startsWith("$")) {
            return null;
        }
        try {
            GateExpression.parse(expression);
            return null;
        } catch (MlopsException e) {
            return e.getMessage().replace('\n', ' ');
        }
    }

    @Test
    void everyMlopsCommandInTheDocsParsesWithItsOptionsAsWritten() {
        assertThat(commandProblems(docs())).as("wrong bin/mlops examples in the docs").isEmpty();
    }

    @Test
    void theCheckFindsTheReadmeExamplesAndCommandsOnEveryPageThatHasThem() {
        List<MarkdownExamples> docs = docs();
        List<String> found = docs.stream().flatMap(d -> d.commands().stream())
                .map(c -> c.where().replaceFirst(":.*", "") + " " + c.args().get(0)).toList();
        assertThat(found).contains("README.md register", "README.md promote", "README.md rollback",
                "docs/getting-started.md register", "docs/concepts.md register", "docs/operations.md train",
                "README.md gate", "README.md deploy", "README.md train", "docs/drift.md drift",
                "docs/deploy.md deploy", "docs/other-ci.md train", "docs/other-ci.md register",
                "docs/other-ci.md deploy", "docs/other-ci.md drift");
    }

    @Test
    void aMisspelledOptionIsReportedWithItsFileLineAndExample() {
        assertThat(commandProblems("docs/example.md",
                "Register:", "", "```bash", "bin/mlops register --model fraud-detector \\",
                "    --modle-uri models:/m-1 --run-id $RUN_ID", "```", ""))
                .singleElement().asString()
                .startsWith("docs/example.md:4: `bin/mlops register --model fraud-detector")
                .contains("--modle-uri");
    }

    @Test
    void aBrokenGateInAnOptionIsReportedWithItsFileAndLine() {
        assertThat(commandProblems("README.md",
                "```text", "bin/mlops gate --metrics-file m.json --gate 'auc >= && recall > 0.5'", "```"))
                .singleElement().asString()
                .startsWith("README.md:2: ").contains("--gate: gate expression: column 8");
    }

    @Test
    void aMisspelledOptionInAGithubRunScriptIsReportedWithItsFileAndLine() {
        assertThat(commandProblems("docs/example.md",
                "Register:", "```yaml", "jobs:", "  register:", "    steps:", "      - run: |",
                "          code=0",
                "          mlops-bridge/bin/mlops register --model fraud-detector \\",
                "              --modle-uri models:/m-1 --run-id \"$RUN_ID\" > register.json || code=$?",
                "```"))
                .singleElement().asString()
                .startsWith("docs/example.md:8: `mlops-bridge/bin/mlops register --model fraud-detector")
                .contains("--modle-uri");
    }

    @Test
    void aBrokenGateInAGitlabScriptEntryIsReportedWithItsFileAndLine() {
        assertThat(commandProblems("docs/example.md",
                "```yaml", "register:", "  script:", "    - pip install -r requirements.txt",
                "    - bin/mlops gate --metrics-file m.json --gate 'auc >= && recall > 0.5'", "```"))
                .singleElement().asString()
                .startsWith("docs/example.md:5: ").contains("--gate: gate expression: column 8");
    }

    @Test
    void yamlValuesOtherThanScriptsAreNotReadAsCommands() {
        MarkdownExamples doc = MarkdownExamples.parse("docs/example.md", String.join("\n",
                "```yaml", "steps:", "  - name: bin/mlops regster --model fraud-detector", "    run: echo done",
                "```"));

        assertThat(doc.commands()).isEmpty();
    }

    @Test
    void everyGateExpressionInTheDocsParses() {
        List<String> problems = new ArrayList<>();
        int count = 0;
        for (MarkdownExamples doc : docs()) {
            for (MarkdownExamples.GateExample gate : doc.gateExpressions()) {
                count++;
                String problem = gateProblem(gate.expression());
                if (problem != null) {
                    problems.add(gate.where() + ": `" + gate.expression() + "`: " + problem);
                }
            }
        }
        assertThat(problems).as("gate expressions in the docs that do not parse").isEmpty();
        assertThat(count).as("gate blocks found (docs/gates.md has some)").isPositive();
    }

    @Test
    void everyJsonAndYamlExampleIsValid() {
        YAMLMapper yaml = new YAMLMapper();
        List<String> problems = new ArrayList<>();
        for (MarkdownExamples doc : docs()) {
            for (MarkdownExamples.CodeBlock block : doc.blocks()) {
                try {
                    switch (block.language()) {
                        case "json" -> JSON.readTree(block.text());
                        case "yaml", "yml" -> yaml.readValues(yaml.createParser(block.text()), JsonNode.class)
                                .readAll();
                        default -> { }
                    }
                } catch (IOException e) {
                    problems.add(block.where() + ": invalid " + block.language() + ": "
                            + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
        assertThat(problems).as("JSON and YAML examples in the docs that do not parse").isEmpty();
    }

    @Test
    void everyJsonResultExampleHasTheTopLevelKeysTheCommandReallyPrints(MlflowServer server, @TempDir Path dir)
            throws IOException {
        String model = TrainingRuns.modelName("docs");
        // The fullest output of each command: drift with a rule and a model has every optional key.
        Map<String, Set<String>> real = Map.of("register", keys(registerResult(server, model)), "gate",
                keys(gateResult(dir)), "drift", keys(driftResult(server, model, dir)));
        assertThat(resultProblems(docs(), real)).as("JSON result examples that differ from the real output")
                .isEmpty();
    }

    @Test
    void aResultExampleWithAKeyTheCommandDoesNotPrintIsReportedWithItsFileAndLine() {
        MarkdownExamples doc = MarkdownExamples.parse("docs/example.md", String.join("\n",
                "```json mlops-register", "{\"model\": \"fraud-detector\", \"versionNumber\": \"7\"}", "```"));

        assertThat(resultProblems(List.of(doc), Map.of("register", Set.of("model", "version"))))
                .containsExactly("docs/example.md:2: `mlops register --json` example: missing keys [version], keys "
                        + "the command does not print [versionNumber]");
    }

    /** One line per marked JSON result whose top-level keys differ from the command's real output. */
    static List<String> resultProblems(List<MarkdownExamples> docs, Map<String, Set<String>> real) {
        List<String> problems = new ArrayList<>();
        for (MarkdownExamples doc : docs) {
            for (MarkdownExamples.CodeBlock block : doc.blocks("json")) {
                String marker = block.info().stream().filter(w -> w.startsWith("mlops-")).findFirst().orElse(null);
                if (marker == null) {
                    continue;
                }
                String command = marker.substring("mlops-".length());
                Set<String> expected = real.get(command);
                if (expected == null) {
                    problems.add(block.where() + ": no reference output for `mlops " + command + " --json` in "
                            + "DocsExamplesTest; add one next to register, gate and drift");
                    continue;
                }
                Set<String> shown;
                try {
                    shown = keys(JSON.readTree(block.text()));
                } catch (IOException e) {
                    problems.add(block.where() + ": invalid JSON: " + e.getMessage().lines().findFirst().orElse(""));
                    continue;
                }
                if (!shown.equals(expected)) {
                    Set<String> missing = new TreeSet<>(expected);
                    missing.removeAll(shown);
                    Set<String> extra = new TreeSet<>(shown);
                    extra.removeAll(expected);
                    problems.add(block.where() + ": `mlops " + command + " --json` example: missing keys " + missing
                            + ", keys the command does not print " + extra);
                }
            }
        }
        return problems;
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static JsonNode registerResult(MlflowServer server, String model) throws IOException {
        String runId = new TrainingRuns(server.client()).finishedRun(Map.of("auc", 0.93, "recall", 0.71)).runId();
        CliRun cli = CliRun.run(Map.of("MLFLOW_TRACKING_URI", server.trackingUri(), "JOB_NAME", "fraud-detection",
                        "BUILD_NUMBER", "101", "GIT_COMMIT", "3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210"),
                "register", "--model", model, "--run-id", runId,
                "--gate", "auc >= 0.9 && auc >= champion.auc - 0.005", "--release", "1.0.0", "--json",
                "--report-dir", Files.createTempDirectory("docs-gate-report").toString());
        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        return JSON.readTree(cli.stdout());
    }

    private static JsonNode gateResult(Path dir) throws IOException {
        Path metrics = Files.writeString(dir.resolve("metrics.json"), "{\"auc\": 0.93, \"latency_p95_ms\": 41}");
        CliRun cli = CliRun.run(Map.of(), "gate", "--metrics-file", metrics.toString(), "--gate", "auc >= 0.9",
                "--json");
        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        return JSON.readTree(cli.stdout());
    }

    private static JsonNode driftResult(MlflowServer server, String model, Path dir) throws IOException {
        StringBuilder reference = new StringBuilder("amount,channel\n");
        StringBuilder current = new StringBuilder("amount,channel\n");
        for (int i = 0; i < 200; i++) {
            reference.append(20 + i % 50).append(',').append(i % 3 == 0 ? "web" : "pos").append('\n');
            current.append(35 + i % 50).append(',').append(i % 2 == 0 ? "web" : "pos").append('\n');
        }
        Path ref = Files.writeString(dir.resolve("reference.csv"), reference);
        Path cur = Files.writeString(dir.resolve("current.csv"), current);
        CliRun cli = CliRun.run(Map.of("MLFLOW_TRACKING_URI", server.trackingUri()), "drift", "--reference",
                ref.toString(), "--current", cur.toString(), "--rule", "drift_share < 0.5", "--model", model, "--json");
        assertThat(cli.exitCode()).as(cli.stderr()).isIn(0, 1);
        return JSON.readTree(cli.stdout());
    }
}

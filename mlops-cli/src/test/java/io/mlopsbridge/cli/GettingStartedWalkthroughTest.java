package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The getting-started guide's first gated registration works when followed as written: its train, register and
 * promote commands, run one after the other in a directory laid out like a checkout ({@code .venv} and
 * {@code examples/}), against a real MLflow server. Only the placeholders change: the run id the train command
 * printed, and a model name of this test's own (the server is shared with other tests).
 */
@ExtendWith(MlflowServerExtension.class)
class GettingStartedWalkthroughTest {
    private static final String GUIDE = "docs/getting-started.md";
    private static final String SECTION = "## 3. ";

    @Test
    void theTrainRegisterAndPromoteCommandsOfTheGuideSucceedInOrder(MlflowServer server, @TempDir Path checkout)
            throws Exception {
        Path repo = ExamplePipelines.repoRoot();
        Files.createSymbolicLink(checkout.resolve(".venv"),
                MlflowServerExtension.pythonExecutable().getParent().getParent());
        Files.createSymbolicLink(checkout.resolve("examples"), repo.resolve("examples"));
        List<MarkdownExamples.CommandExample> commands = sectionCommands(Files.readString(repo.resolve(GUIDE)));
        Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", server.trackingUri(), "JOB_NAME", "fraud-detection",
                "BUILD_NUMBER", "57");
        String model = TrainingRuns.modelName("guide");

        JsonNode trained = runJson(checkout, env, command(commands, "train"), null, null);
        String runId = trained.path("mlflow_run_id").asText();
        MarkdownExamples.CommandExample register = command(commands, "register");
        JsonNode registered = runJson(checkout, env, register, runId, model);
        assertThat(registered.path("passed").asBoolean()).as("%s: the gate on the guide's own training run: %s",
                register.where(), registered.path("gate")).isTrue();
        assertThat(registered.path("alias_set").asText()).isEqualTo("candidate");
        run(checkout, env, command(commands, "promote"), runId, model);

        assertThat(server.client().getRegisteredModel(model).aliasVersion("champion"))
                .contains(registered.path("version").asText());
    }

    /** The mlops commands between the section's heading and the next heading of the same level. */
    private static List<MarkdownExamples.CommandExample> sectionCommands(String markdown) {
        String[] lines = markdown.split("\n", -1);
        int start = -1;
        int end = lines.length;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(SECTION)) {
                start = i + 1;
            } else if (start > 0 && lines[i].startsWith("## ")) {
                end = i + 1;
                break;
            }
        }
        assertThat(start).as("%s has a section starting '%s'", GUIDE, SECTION).isPositive();
        int from = start;
        int to = end;
        return MarkdownExamples.parse(GUIDE, markdown).commands().stream()
                .filter(c -> c.line() > from && c.line() < to).toList();
    }

    private static MarkdownExamples.CommandExample command(List<MarkdownExamples.CommandExample> commands,
                                                          String name) {
        return commands.stream().filter(c -> c.args().get(0).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(GUIDE + " section 3 shows no `mlops " + name + "`"));
    }

    private static JsonNode runJson(Path dir, Map<String, String> env, MarkdownExamples.CommandExample example,
                                    String runId, String model) throws Exception {
        assertThat(example.args()).as("%s: the guide's command prints JSON", example.where()).contains("--json");
        return new ObjectMapper().readTree(run(dir, env, example, runId, model));
    }

    /** Runs the example with its placeholders filled in; fails with its output unless it exits 0. */
    private static String run(Path dir, Map<String, String> env, MarkdownExamples.CommandExample example,
                              String runId, String model) throws Exception {
        List<String> args = new ArrayList<>(example.args());
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i - 1).equals("--run-id") && runId != null) {
                args.set(i, runId);
            } else if (args.get(i - 1).equals("--model") && model != null) {
                args.set(i, model);
            }
        }
        try (CliProcess cli = CliProcess.startIn(dir, env, args.toArray(String[]::new))) {
            int code = cli.awaitExit();
            assertThat(code).as("%s: `%s` exit code; stderr:%n%s", example.where(), example.text(),
                    String.join("\n", cli.stderrLines())).isZero();
            return cli.stdout();
        }
    }
}

package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.http.RefusingLoopbackPort;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code mlops register|promote|rollback|gate} end to end against a real MLflow server. */
@ExtendWith(MlflowServerExtension.class)
class RegistryCommandsTest {
    private static final String GATE = "auc >= 0.9 && auc >= champion.auc - 0.005 && latency_p95_ms <= 50";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MlflowClient mlflow;
    private final TrainingRuns training;
    private final Map<String, String> env;
    private final String name = TrainingRuns.modelName("fraud");

    RegistryCommandsTest(MlflowServer server) {
        this.mlflow = server.client();
        this.training = new TrainingRuns(mlflow);
        this.env = Map.of("MLFLOW_TRACKING_URI", server.trackingUri(), "JOB_NAME", "fraud/main",
                "GIT_COMMIT", "3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210", "USER", "ci");
    }

    private Run run(double auc) {
        return training.finishedRun(Map.of("auc", auc, "latency_p95_ms", 38.0));
    }

    private CliRun register(String runId, String build, String... more) {
        String[] args = new String[6 + more.length];
        System.arraycopy(new String[] {"register", "--model", name, "--run-id", runId, "--build-number=" + build},
                0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return CliRun.run(env, args);
    }

    @Test
    void registerWithPassingGateExitsZeroAndPrintsJson() throws IOException {
        Run run = run(0.95);

        CliRun cli = register(run.runId(), "40", "--gate", GATE, "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        JsonNode result = JSON.readTree(cli.stdout());
        assertThat(result.get("passed").asBoolean()).isTrue();
        assertThat(result.get("alias_set").asText()).isEqualTo("candidate");
        assertThat(result.get("release").asText()).isEqualTo("40-3f9c2ab");
        assertThat(result.get("build_key").asText()).isEqualTo("fraud/main#40");
        assertThat(result.get("gate").get("clauses")).hasSize(3);
        assertThat(mlflow.getModelVersion(name, result.get("version").asText()).isReady()).isTrue();
        assertThat(cli.stderr()).contains("gate passed");
    }

    @Test
    void registerWithFailingGateExitsOneAndNamesTheClause(@TempDir Path reports) throws IOException {
        Run run = run(0.85);

        CliRun cli = register(run.runId(), "41", "--gate", GATE, "--report-dir", reports.toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCode.VERDICT_FAILED);
        assertThat(cli.stdout()).contains("gate failed").contains("auc >= 0.9 (auc = 0.85)");
        assertThat(mlflow.findAlias(name, "candidate")).isEmpty();
        assertThat(Files.readString(reports.resolve("gate-report.md"))).contains("auc >= 0.9");
    }

    @Test
    void aReadyTimeoutWrittenAsADurationIsAccepted() throws IOException {
        Run run = run(0.95);

        CliRun cli = register(run.runId(), "43", "--ready-timeout", "5m", "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(JSON.readTree(cli.stdout()).get("version").asText()).isNotBlank();
    }

    @Test
    void aReadyTimeoutThatIsNotADurationExitsTwoNamingTheOptionAndShowingForms() {
        Run run = run(0.95);

        CliRun cli = register(run.runId(), "44", "--ready-timeout", "soon");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: --ready-timeout: 'soon' is not a positive duration")
                .contains("e.g. 90s, 10m");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void malformedExpressionExitsTwoWithColumnAndWritesNothing() {
        Run run = run(0.95);

        CliRun cli = register(run.runId(), "42", "--gate", "auc >= 0.9 &&");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("\nerror: gate expression: column 14:").doesNotContain("Exception");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void tagOptionsAreSetOnTheNewVersion() throws IOException {
        CliRun cli = register(run(0.95).runId(), "44", "--tag", "team=fraud", "--tag", "ticket=ML-412", "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        String version = JSON.readTree(cli.stdout()).get("version").asText();
        assertThat(mlflow.getModelVersion(name, version).tagValues())
                .containsEntry("team", "fraud").containsEntry("ticket", "ML-412");
    }

    @Test
    void aTagInTheLineageNamespaceExitsTwoAndRegistersNothing() {
        CliRun cli = register(run(0.95).runId(), "45", "--tag", "mlflow.source.git.commit=abc");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: tag 'mlflow.source.git.commit' is in the lineage namespace");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    static Stream<Arguments> tagKeysMlflowWouldRefuse() {
        return Stream.of(Arguments.of("--tag", "team!@=fraud"), Arguments.of("--tag", "team\nowner=fraud"),
                Arguments.of("--tag", "data//source=lake"), Arguments.of("--tag", "/team=fraud"),
                Arguments.of("--tag", "ticket-".repeat(36) + "=ML-412"),
                Arguments.of("--dataset-digest", "tr ain!@=sha256:9f86d081"),
                Arguments.of("--dataset-digest", "transactions/../holdout=sha256:9f86d081"));
    }

    @ParameterizedTest
    @MethodSource("tagKeysMlflowWouldRefuse")
    void aTagKeyMlflowWouldRefuseExitsTwoNamingItsOptionBeforeAnythingIsWritten(String option, String value) {
        CliRun cli = register(run(0.95).runId(), "48", option, value);

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("(" + option + ")").as("refused here, not by the server")
                .doesNotContain("INVALID_PARAMETER_VALUE");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"--tag, team=fraud, team=risk, team",
        "--dataset-digest, transactions=sha256:9f86d081, transactions=sha256:60303ae2, transactions"})
    void aKeyGivenTwiceExitsTwoNamingTheOptionAndTheKeyBeforeAnythingIsWritten(String option, String first,
                                                                             String second, String key) {
        CliRun cli = register(run(0.95).runId(), "57", option, first, option, second);

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: " + option + " " + key + " is given twice");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void aDatasetNameTooLongForItsTagKeyExitsTwoSayingHowLongItMayBe() {
        CliRun cli = register(run(0.95).runId(), "54", "--dataset-digest", "x".repeat(300) + "=sha256:9f86d081");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("(300 characters) (--dataset-digest) is too long").contains("at most 229");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void tagKeysAndDatasetNamesAtTheEdgeOfMlflowsRuleAreRegistered() throws IOException {
        String longestKey = "k".repeat(250);
        String longestDataset = "d".repeat(229);

        CliRun cli = register(run(0.95).runId(), "55", "--tag", "data/source=s3://lake/tx",
                "--tag", "reviewed by:team=risk", "--tag", longestKey + "=yes",
                "--dataset-digest", longestDataset + "=sha256:9f86d081", "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        String version = JSON.readTree(cli.stdout()).get("version").asText();
        assertThat(mlflow.getModelVersion(name, version).tagValues()).containsEntry("data/source", "s3://lake/tx")
                .containsEntry("reviewed by:team", "risk").containsEntry(longestKey, "yes")
                .containsEntry("mlops.dataset." + longestDataset + ".digest", "sha256:9f86d081");
    }

    @Test
    void registeringWithABuildNumberButNoJobWarnsThatTheJobIsMissing() {
        Map<String, String> noJob = new java.util.HashMap<>(env);
        noJob.remove("JOB_NAME");

        CliRun cli = CliRun.run(noJob, "register", "--model", name, "--run-id", run(0.95).runId(),
                "--build-number", "5");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stderr()).contains("WARNING: build number 5 but no CI job known (--ci-job): registering again"
                + " will create another version").doesNotContain("no CI job and build number known");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void anEmptyReleaseExitsTwoNamingReleaseInsteadOfFallingBackToTheDefault(String release) {
        CliRun cli = register(run(0.95).runId(), "49", "--release", release);

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: --release is ")
                .contains("give the release version, e.g. --release 1.4.0, or leave --release out");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void anAliasTogetherWithNoAliasExitsTwoNamingBothAndRegistersNothing() {
        CliRun cli = register(run(0.95).runId(), "50", "--alias", "staging", "--no-alias");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: --alias staging and --no-alias contradict each other");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void unknownRunExitsTwo() {
        CliRun cli = register("0123456789abcdef0123456789abcdef", "43");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: run 0123456789abcdef0123456789abcdef not found");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void invalidModelNameExitsTwo() {
        CliRun cli = CliRun.run(env, "register", "--model", "fraud:v2", "--run-id", run(0.95).runId());

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr().lines().filter(l -> l.startsWith("error:")).findFirst()).hasValueSatisfying(line ->
                assertThat(line).isEqualTo("error: invalid model name 'fraud:v2': names cannot contain '/' or ':'"));
    }

    @Test
    void modelNameThatMlflowWouldRefuseAsAPathExitsTwoBeforeAnythingIsSent() {
        CliRun cli = CliRun.run(env, "register", "--model", "..evil", "--run-id", run(0.95).runId());

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: invalid model name '..evil'");
        assertThat(cli.stderr()).as("refused here, not by the server").doesNotContain("INVALID_PARAMETER_VALUE");
    }

    static Stream<Arguments> commandsTakingAModelName() {
        return Stream.of(Arguments.of("register", List.of("--run-id", "RUN")),
                Arguments.of("promote", List.of("--version", "1")), Arguments.of("rollback", List.of()),
                Arguments.of("gate", List.of("--expression", "auc >= champion.auc", "--run-id", "RUN")),
                Arguments.of("deploy", List.of("--version", "1", "--target", "local")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsTakingAModelName")
    void aModelNameWithATabOrNewlineExitsTwoShowingTheCharacterEscaped(String command, List<String> more) {
        String runId = run(0.95).runId();
        for (String model : new String[] {name + "\tv2", name + "\nv2"}) {
            List<String> args = new ArrayList<>(List.of(command, "--model", model));
            more.stream().map(arg -> arg.equals("RUN") ? runId : arg).forEach(args::add);

            CliRun cli = CliRun.run(env, args.toArray(String[]::new));

            assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
            assertThat(cli.stderr()).contains("error: invalid model name '" + model.replace("\t", "\\t")
                    .replace("\n", "\\n") + "': it contains a control character");
            assertThat(mlflow.findRegisteredModel(model)).isEmpty();
        }
    }

    @Test
    void emptyGateIsAnInputErrorAndNeitherRegistersNorMovesTheAlias() {
        register(run(0.95).runId(), "45");

        for (String blank : new String[] {"", "   "}) {
            CliRun cli = register(run(0.96).runId(), "46", "--gate", blank);

            assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
            assertThat(cli.stderr()).contains("error: gate expression:").contains("empty");
        }
        assertThat(mlflow.searchAllModelVersions("name='" + name + "'")).extracting(ModelVersion::version).containsExactly("1");
        assertThat(mlflow.findAlias(name, "candidate")).get().extracting(ModelVersion::version).isEqualTo("1");
    }

    @Test
    void aReportDirThatIsAFileExitsTwoSayingADirectoryIsNeededBeforeTheVersionIsCreated(@TempDir Path dir)
            throws IOException {
        Path aFile = Files.writeString(dir.resolve("gate-report.md"), "# Gate report");

        CliRun cli = register(run(0.95).runId(), "47", "--gate", GATE, "--report-dir", aFile.toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: --report-dir " + aFile + " is a file; a directory is needed\n"
                + "  give --report-dir a directory (it is created when missing), e.g. --report-dir reports/gate")
                .doesNotContain("FileAlreadyExists");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void aReportDirBelowAFileExitsTwoNamingTheFile(@TempDir Path dir) throws IOException {
        Path aFile = Files.writeString(dir.resolve("reports"), "not a folder");

        CliRun cli = register(run(0.95).runId(), "47", "--gate", GATE, "--report-dir",
                aFile.resolve("gate").toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: --report-dir " + aFile.resolve("gate") + ": " + aFile
                + " is a file; a directory is needed").doesNotContain("FileAlreadyExists");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gate-report.json", "gate-report.md"})
    void aReportFileThatIsADirectoryExitsTwoNamingReportDirAndTheFileBeforeTheVersionIsCreated(String report,
            @TempDir Path dir) throws IOException {
        Path reports = Files.createDirectories(dir.resolve("rd").resolve(report)).getParent();

        CliRun cli = register(run(0.95).runId(), "17", "--gate", "auc > 0", "--report-dir", reports.toString(),
                "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: --report-dir " + reports + ": " + reports.resolve(report)
                + " is a directory, where the gate report is written as a file");
        assertThat(JSON.readTree(cli.stdout()).get("status").asText()).isEqualTo("input-error");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
        try (Stream<Path> left = Files.list(reports)) {
            assertThat(left).as("no report written beside it").containsExactly(reports.resolve(report));
        }
    }

    @Test
    void aReportThatCannotBeWrittenOnceTheVersionExistsExitsThreeNamingTheVersionThatTheSameBuildReuses(
            @TempDir Path dir) throws IOException {
        Path reports = dir.resolve("rd");
        Path json = reports.resolve("gate-report.json");
        String runId = run(0.95).runId();
        // Another process puts a directory where the report goes after the up-front check passed: the moment the
        // gate's verdict is logged, just before the report is written.
        CliRun cli = CliRun.runWatchingStderr(env, stderr -> {
            if (stderr.contains("gate passed")) {
                try {
                    Files.createDirectories(json);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }, "register", "--model", name, "--run-id", runId, "--build-number", "18", "--gate", "auc > 0",
                "--report-dir", reports.toString(), "--json");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.REMOTE);
        assertThat(cli.stderr()).contains("error: cannot write gate report " + json + ": is a directory; " + name
                + " version 1 stays registered, alias candidate not moved; running the same build again reuses it");
        JsonNode result = JSON.readTree(cli.stdout());
        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(result.get("version").asText()).isEqualTo("1");
        assertThat(mlflow.findAlias(name, "candidate")).isEmpty();

        Files.delete(json);
        CliRun again = register(runId, "18", "--gate", "auc > 0", "--report-dir", reports.toString(), "--json");

        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(JSON.readTree(again.stdout()).get("reused").asBoolean()).isTrue();
        assertThat(mlflow.findAlias(name, "candidate")).get().extracting(ModelVersion::version).isEqualTo("1");
        assertThat(json).isRegularFile();
    }

    @Test
    void gateWithAReportDirThatIsAFileExitsTwoBeforeAskingMlflow(@TempDir Path dir) throws IOException {
        Path aFile = Files.writeString(dir.resolve("gate-report.md"), "# Gate report");
        try (RefusingLoopbackPort refusing = RefusingLoopbackPort.open()) {
            CliRun cli = CliRun.run(Map.of(), "gate", "--expression", "auc >= 0.9", "--run-id", run(0.95).runId(),
                    "--report-dir", aFile.toString(), "--tracking-uri", "http://127.0.0.1:" + refusing.port());

            assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
            assertThat(cli.stderr()).contains("error: --report-dir " + aFile + " is a file; a directory is needed");
        }
    }

    @Test
    void missingMetricExitsTwoAndListsTheMetricsThatExist() {
        Run run = training.finishedRun(Map.of("auc", 0.95));

        CliRun cli = register(run.runId(), "44", "--gate", GATE);

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("'latency_p95_ms' not found").contains("auc");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void aMetricLoggedAsInfinityExitsTwoAndRegistersNothingInsteadOfPassingTheGate() {
        // An overflow in the training script; MLflow's SQL store keeps it as the largest double.
        Run run = training.finishedRun(Map.of("auc", Double.POSITIVE_INFINITY, "latency_p95_ms", 38.0));

        CliRun cli = register(run.runId(), "47", "--gate", GATE);

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: gate expression: metric 'auc' is infinite");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void unreachableServerExitsThreeWithOneLine() throws IOException {
        try (RefusingLoopbackPort refusing = RefusingLoopbackPort.open()) {
            int port = refusing.port();

            CliRun cli = CliRun.run(Map.of(), "register", "--model", name, "--run-id", "abc123",
                    "--tracking-uri", "http://127.0.0.1:" + port);

            assertThat(cli.exitCode()).isEqualTo(ExitCode.REMOTE);
            assertThat(cli.stderr()).contains("error: cannot reach MLflow at http://127.0.0.1:" + port
                    + ": connection refused");
        }
    }

    @Test
    void missingTrackingUriExitsTwo() {
        CliRun cli = CliRun.run(Map.of(), "register", "--model", name, "--run-id", "abc123");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("no MLflow tracking URI given");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void anEmptyTrackingUriExitsTwoSayingItWasGivenEmptyAndWhatToPass(String trackingUri) {
        CliRun cli = register(run(0.95).runId(), "51", "--tracking-uri", trackingUri);

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: --tracking-uri is ").contains("give the MLflow server's address,"
                + " e.g. --tracking-uri http://127.0.0.1:5000, or leave --tracking-uri out to use $MLFLOW_TRACKING_URI")
                .doesNotContain("no MLflow tracking URI given");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void promoteThenRollbackThroughTheCommandLine() throws IOException {
        register(run(0.93).runId(), "50");
        register(run(0.95).runId(), "51");

        CliRun first = CliRun.run(env, "promote", "--model", name, "--version", "1");
        CliRun second = CliRun.run(env, "promote", "--model", name, "--version", "2", "--json");
        CliRun back = CliRun.run(env, "rollback", "--model", name, "--json");

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(JSON.readTree(second.stdout()).get("previous_version").asText()).isEqualTo("1");
        assertThat(back.exitCode()).as(back.stderr()).isZero();
        assertThat(JSON.readTree(back.stdout()).get("version").asText()).isEqualTo("1");
        assertThat(mlflow.findAlias(name, "champion")).get().extracting(ModelVersion::version).isEqualTo("1");
    }

    @Test
    void concurrentPromotesOfDifferentVersionsReportHonestlyWhoWonAndLosersKeepNoRecord() throws Exception {
        int builds = 8;
        for (int i = 1; i <= builds; i++) {
            assertThat(register(run(0.9 + i / 100.0).runId(), String.valueOf(70 + i)).exitCode()).isZero();
        }
        CyclicBarrier start = new CyclicBarrier(builds);
        ExecutorService pool = Executors.newFixedThreadPool(builds);
        Map<String, Future<CliRun>> byVersion = new java.util.TreeMap<>();
        try {
            for (int i = 1; i <= builds; i++) {
                String version = String.valueOf(i);
                byVersion.put(version, pool.submit(() -> {
                    start.await();
                    return CliRun.run(env, "promote", "--model", name, "--version", version, "--json");
                }));
            }
            Map<String, CliRun> results = new java.util.TreeMap<>();
            for (Map.Entry<String, Future<CliRun>> entry : byVersion.entrySet()) {
                results.put(entry.getKey(), entry.getValue().get());
            }
            String holder = mlflow.findAlias(name, "champion").orElseThrow().version();
            int conflicts = 0;
            for (Map.Entry<String, CliRun> entry : results.entrySet()) {
                CliRun cli = entry.getValue();
                Map<String, String> tags = mlflow.getModelVersion(name, entry.getKey()).tagValues();
                assertThat(tags.keySet()).as("version %s (exit %d): %s", entry.getKey(), cli.exitCode(),
                        cli.stderr()).noneMatch(key -> key.startsWith("mlops.pending."));
                if (cli.exitCode() == ExitCode.CONFLICT) {
                    conflicts++;
                    JsonNode result = JSON.readTree(cli.stdout());
                    assertThat(result.get("status").asText()).isEqualTo("conflict");
                    assertThat(result.get("alias_holder").asText()).isNotEqualTo(entry.getKey());
                    assertThat(cli.stderr()).contains("another build moved it at the same moment and won");
                    assertThat(tags.keySet()).as("a version that lost keeps no promotion record")
                            .noneMatch(key -> key.startsWith("mlops.promoted_"));
                } else {
                    assertThat(cli.exitCode()).as(cli.stderr()).isZero();
                    assertThat(tags).containsKey("mlops.promoted_at");
                }
            }
            assertThat(results.get(holder).exitCode()).as("the build whose version holds the alias")
                    .isZero();
            assertThat(conflicts).as("builds told that another build won").isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void registeringOntoAnAliasThatPromoteKeepsForRollbackExitsTwoAndRegistersNothing() {
        CliRun cli = register(run(0.95).runId(), "56", "--alias", "previous-champion");

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: invalid alias 'previous-champion': previous-<alias> aliases are kept"
                + " by promote for rollback");
        assertThat(mlflow.findRegisteredModel(name)).isEmpty();
    }

    @Test
    void promoteNeedsAVersionOrAnAlias() {
        CliRun cli = CliRun.run(env, "promote", "--model", name);

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("--version").contains("--from-alias");
    }

    @Test
    void gateOverAMetricsFile(@TempDir Path dir) throws IOException {
        Path metrics = Files.writeString(dir.resolve("metrics.json"), "{\"auc\": 0.93, \"latency_p95_ms\": 61}");

        CliRun cli = CliRun.run(Map.of(), "gate", "--expression", "auc >= 0.9 && latency_p95_ms <= 50",
                "--metrics-file", metrics.toString(), "--json");

        assertThat(cli.exitCode()).isEqualTo(ExitCode.VERDICT_FAILED);
        JsonNode verdict = JSON.readTree(cli.stdout());
        assertThat(verdict.get("passed").asBoolean()).isFalse();
        assertThat(verdict.get("clauses").get(1).get("values").get("latency_p95_ms").asDouble()).isEqualTo(61.0);
    }

    @Test
    void gateOverARunAgainstTheChampion() {
        register(run(0.96).runId(), "60");
        CliRun.run(env, "promote", "--model", name, "--version", "1");
        Run challenger = run(0.97);

        CliRun cli = CliRun.run(env, "gate", "--expression", "auc >= champion.auc + 0.005",
                "--run-id", challenger.runId(), "--model", name);

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).contains("gate passed");
    }

    @Test
    void gateAgainstAModelThatDoesNotExistPassesItsChampionClausesAndWarnsThatTheModelDoesNotExist() {
        CliRun cli = CliRun.run(env, "gate", "--expression", "auc >= champion.auc", "--run-id", run(0.95).runId(),
                "--model", name);

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stderr()).contains("WARNING: registered model '" + name + "' does not exist on MLflow at ")
                .contains("so there is no champion and the champion clauses passed (check --model");
    }

    @Test
    void gateWithAChampionAliasNoVersionHoldsPassesItsChampionClausesAndWarnsWhichAliasWasMissing() {
        register(run(0.96).runId(), "61");
        CliRun.run(env, "promote", "--model", name, "--version", "1");

        CliRun cli = CliRun.run(env, "gate", "--expression", "auc >= champion.auc", "--run-id", run(0.95).runId(),
                "--model", name, "--champion-alias", "champoin");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stderr()).contains("WARNING: no version of " + name + " holds alias 'champoin', so there is no"
                + " champion and the champion clauses passed (check --champion-alias");
    }

    @Test
    void registerWithAChampionAliasNoVersionHoldsRegistersAndWarnsWhichAliasWasMissing() {
        register(run(0.96).runId(), "62");
        CliRun.run(env, "promote", "--model", name, "--version", "1");

        CliRun cli = register(run(0.95).runId(), "63", "--gate", "auc >= champion.auc", "--champion-alias",
                "champoin");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stderr()).contains("WARNING: no version of " + name + " holds alias 'champoin', so there is no"
                + " champion and the champion clauses passed (check --champion-alias if one was expected)");
    }

    @Test
    void theFirstRegistrationWithChampionClausesRegistersAndWarnsThatTheModelDidNotExist() {
        CliRun cli = register(run(0.95).runId(), "64", "--gate", "auc >= champion.auc");

        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stderr()).contains("WARNING: registered model '" + name + "' does not exist on MLflow at ")
                .contains("so there is no champion and the champion clauses passed (check --model");
    }

    @Test
    void gateWithMetricsFileThatIsNotJsonExitsTwo(@TempDir Path dir) throws IOException {
        Path metrics = Files.writeString(dir.resolve("metrics.json"), "auc=0.9");

        CliRun cli = CliRun.run(Map.of(), "gate", "--expression", "auc >= 0.9", "--metrics-file",
                metrics.toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("is not valid JSON");
    }

    @Test
    void gateWithAMetricGivenTwiceInTheMetricsFileExitsTwoNamingTheFileAndTheMetric(@TempDir Path dir)
            throws IOException {
        Path metrics = Files.writeString(dir.resolve("metrics.json"), "{\"auc\": 0.61, \"auc\": 0.99}");

        CliRun cli = CliRun.run(Map.of(), "gate", "--expression", "auc >= 0.9", "--metrics-file", metrics.toString());

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: metric 'auc' is given twice in " + metrics);
    }

    @Test
    void gateWithAChampionMetricTooLargeForANumberExitsTwoNamingTheFileAndTheMetric(@TempDir Path dir)
            throws IOException {
        Path metrics = Files.writeString(dir.resolve("metrics.json"), "{\"auc\": 0.93}");
        Path champion = Files.writeString(dir.resolve("champion.json"), "{\"auc\": 1e999}");

        CliRun cli = CliRun.run(Map.of(), "gate", "--expression", "auc >= champion.auc", "--metrics-file",
                metrics.toString(), "--champion-metrics-file", champion.toString());

        assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.stderr()).contains("error: metric 'auc' in " + champion + " is too large for a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void gateWithAnEmptyRunIdExitsTwoWithoutAskingMlflow(String runId) throws IOException {
        try (RefusingLoopbackPort refusing = RefusingLoopbackPort.open()) {
            CliRun cli = CliRun.run(Map.of(), "gate", "--expression", "auc >= 0.9", "--run-id", runId,
                    "--tracking-uri", "http://127.0.0.1:" + refusing.port());

            assertThat(cli.exitCode()).as(cli.stderr()).isEqualTo(ExitCode.USAGE);
            assertThat(cli.stderr()).contains("error: invalid run id '" + runId + "'");
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"register", "promote", "rollback", "gate"}) {
            CliRun cli = CliRun.run(Map.of(), command, "--help");
            assertThat(cli.exitCode()).isZero();
            assertThat(cli.stdout()).contains("Usage: mlops " + command).contains("--tracking-uri")
                    .contains("Exit codes");
        }
    }
}

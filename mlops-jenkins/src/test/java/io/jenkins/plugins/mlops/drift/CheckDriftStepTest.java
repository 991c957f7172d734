package io.jenkins.plugins.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.AbortException;
import hudson.FilePath;
import hudson.TestExtensions;
import hudson.TestWorkspaces;
import hudson.model.DirectoryBrowserSupport;
import hudson.model.Result;
import hudson.model.TestDirectoryBrowsers;
import hudson.model.TestFingerprints;
import io.jenkins.plugins.mlops.action.DriftRecord;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.fingerprint.ModelFacet;
import io.mlopsbridge.lineage.ModelIdentity;
import io.mlopsbridge.log.BuildLog;
import io.jenkins.plugins.mlops.harness.StepHarness;
import io.jenkins.plugins.mlops.harness.StepBinding;
import io.mlopsbridge.drift.ModelProfiles;
import io.mlopsbridge.drift.RetrainTrigger;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.NewModelVersion;
import io.mlopsbridge.mlflow.Run;
import java.util.stream.Stream;
import io.mlopsbridge.cli.CliJson;
import io.mlopsbridge.drift.DriftCheck;
import io.mlopsbridge.drift.DriftMethod;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.Sources;
import io.mlopsbridge.drift.input.TabularSource;
import io.mlopsbridge.drift.profile.DatasetProfile;
import io.mlopsbridge.drift.profile.ProfileFile;
import io.mlopsbridge.drift.report.HtmlReport;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** checkDrift through the agent callable on files in the workspace; retraining decided with the real MLflow. */
@ExtendWith(MlflowServerExtension.class)
class CheckDriftStepTest {
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

    private final MlflowServer server;
    private final MlflowClient mlflow;
    @TempDir
    Path jenkinsHome;
    private StepHarness build;

    CheckDriftStepTest(MlflowServer server) {
        this.server = server;
        this.mlflow = server.client();
    }

    @BeforeEach
    void workspaceWithLastWeeksTransactions() throws IOException {
        TestCredentials.clear();
        TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(server.trackingUri());
        build = StepHarness.build(jenkinsHome, "77", Map.of());
        Files.createDirectories(build.workspace().resolve("data"));
        transactions(build.workspace().resolve("data/train.csv"), 3000, 1, 0.0);
        transactions(build.workspace().resolve("data/same-week.csv"), 3000, 2, 0.0);
        transactions(build.workspace().resolve("data/last-week.csv"), 3000, 3, 40.0);
    }

    /** Card transactions: amount and age (both moved by {@code shift}: half the columns drift), region, channel. */
    private static void transactions(Path file, int rows, long seed, double shift) throws IOException {
        Random random = new Random(seed);
        String[] regions = {"north", "south", "east", "west"};
        String[] channels = {"web", "pos", "app"};
        List<String> lines = new ArrayList<>(List.of("amount,age,region,channel"));
        for (int i = 0; i < rows; i++) {
            lines.add(String.format(Locale.ROOT, "%.2f,%d,%s,%s", 60 + shift + 25 * random.nextGaussian(),
                    18 + (int) (shift / 2) + random.nextInt(60), regions[random.nextInt(regions.length)],
                    channels[random.nextInt(channels.length)]));
        }
        Files.write(file, lines);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> run(CheckDriftStep step) throws Exception {
        build.start(step);
        return (Map<String, Object>) build.await(STEP_TIMEOUT);
    }

    @Test
    void driftedDataFailsTheStepWithTheSummaryAndLeavesTheReportsInTheWorkspace() throws Exception {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setHtml("reports/drift.html");
        step.setJunit("reports/drift.xml");
        step.setJson("reports/drift.json");
        step.setProfile("reports/train-profile.json");
        int sentBefore = TestWorkspaces.callablesSent();

        build.start(step);
        Throwable failure = build.awaitFailure(STEP_TIMEOUT);

        assertThat(failure).isInstanceOf(AbortException.class).hasMessageStartingWith("drift: ")
                .hasMessageEndingWith("-> DRIFT");
        assertThat(TestWorkspaces.callablesSent() - sentBefore)
                .as("the reports' writability check, the check and the JSON report went to the agent").isEqualTo(3);
        for (String report : List.of("drift.html", "drift.xml", "drift.json", "train-profile.json")) {
            assertThat(build.workspace().resolve("reports/" + report)).isNotEmptyFile();
        }
        assertThat(Files.readString(build.workspace().resolve("reports/drift.json"))).contains("\"drifted\" : true");
    }

    @Test
    void theCheckIsInTheBuildsRecordWithItsHtmlReportKeptInTheBuild() throws Exception {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setHtml("reports/drift.html");
        step.setOnDrift("none");

        Map<String, Object> result = run(step);

        DriftRecord record = build.run().getAction(MlopsRunAction.class).getDriftChecks().get(0);
        assertThat(record.getId()).isEqualTo("drift-1");
        assertThat(record.isDrifted()).isTrue();
        assertThat(record.getDriftShare()).isEqualTo(result.get("driftShare"));
        assertThat(record.getColumnCount()).isEqualTo(((List<?>) result.get("columns")).size());
        assertThat(record.getDriftedColumns()).contains("amount");
        assertThat(record.getHtmlReport()).isEqualTo("drift.html");
        assertThat(build.buildDir().resolve("mlops/drift/drift-1/drift.html"))
                .hasSameTextualContentAs(build.workspace().resolve("reports/drift.html"));
    }

    private Throwable failureOf(CheckDriftStep step) throws Exception {
        build.start(step);
        return build.awaitFailure(STEP_TIMEOUT);
    }

    /** Last week's data against the training data (it has drifted), with {@code onDrift: 'none'}. */
    private static CheckDriftStep driftedCheckThatLeavesTheBuildAlone() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setOnDrift("none");
        return step;
    }

    @Test
    void theKeptReportIsServedFromTheBuildWithItsStylesheetBesideItAndNoInlineStyleOrScript() throws Exception {
        CheckDriftStep step = driftedCheckThatLeavesTheBuildAlone();
        step.setHtml("reports/drift.html");
        run(step);
        MlopsRunAction action = build.run().getAction(MlopsRunAction.class);
        DriftRecord record = action.getDriftChecks().get(0);

        DirectoryBrowserSupport served = action.doDrift();

        assertThat(record.getReportUrl()).isEqualTo("drift/drift-1/drift.html");
        FilePath folder = TestDirectoryBrowsers.base(served);
        assertThat(folder.child("drift-1/drift.html").readToString())
                .isEqualTo(Files.readString(build.buildDir().resolve("mlops/drift/drift-1/drift.html")))
                .contains("<link rel=\"stylesheet\" href=\"" + HtmlReport.STYLESHEET + "\">")
                .doesNotContainPattern("(?i)<style|\\sstyle\\s*=|<script|\\son[a-z]+\\s*=");
        assertThat(folder.child("drift-1/" + HtmlReport.STYLESHEET).readToString())
                .isEqualTo(HtmlReport.stylesheet());
        assertThat(TestDirectoryBrowsers.listsFolders(served)).as("mlops/drift/ lists the checks").isTrue();
    }

    @Test
    void theJunitReportIsAtTheWorkspacePathTheJunitStepIsGivenWithATestCasePerColumn() throws Exception {
        CheckDriftStep step = driftedCheckThatLeavesTheBuildAlone();
        step.setJunit("reports/drift.xml");

        Map<String, Object> result = run(step);

        // What `junit 'reports/drift.xml'` reads: the pattern is relative to the workspace.
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(build.workspace().resolve("reports/drift.xml").toFile());
        assertThat(xml.getDocumentElement().getTagName()).isEqualTo("testsuite");
        assertThat(xml.getElementsByTagName("testcase").getLength())
                .isEqualTo(((List<?>) result.get("columns")).size());
        List<String> failed = new ArrayList<>();
        NodeList failures = xml.getElementsByTagName("failure");
        for (int i = 0; i < failures.getLength(); i++) {
            failed.add(((Element) failures.item(i).getParentNode()).getAttribute("name"));
        }
        assertThat(failed).containsExactlyInAnyOrderElementsOf(
                build.run().getAction(MlopsRunAction.class).getDriftChecks().get(0).getDriftedColumns());
    }

    @Test
    void aCheckOfANamedModelVersionIsOnThatVersionsFingerprintWithItsRetrainDecision() throws Exception {
        String model = TrainingRuns.modelName("fraud");
        mlflow.getOrCreateRegisteredModel(model);
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setModel(model);
        step.setVersion("4");
        step.setOnDrift("none");

        run(step);

        DriftRecord record = build.run().getAction(MlopsRunAction.class).getDriftChecks().get(0);
        assertThat(record.getRetrain()).isTrue();
        assertThat(TestFingerprints.get(ModelIdentity.of(server.trackingUri(), model, "4").hex()).getFacets())
                .map(f -> (ModelFacet) f).singleElement()
                .satisfies(f -> assertThat(f.getVerb()).isEqualTo("drift checked"))
                .satisfies(f -> assertThat(f.getDetail()).isEqualTo(record.getSummary()));
    }

    @Test
    void returnsTheCliJsonAndMarksTheBuildUnstableWhenAsked() throws Exception {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setOnDrift("unstable");

        Map<String, Object> result = run(step);

        assertThat(result).containsEntry("drifted", true);
        assertThat(build.context().result()).isSameAs(Result.UNSTABLE);
        Map<String, Object> cli = CliJson.run(Map.of(), "drift",
                "--reference", build.workspace().resolve("data/train.csv").toString(),
                "--current", build.workspace().resolve("data/last-week.csv").toString(), "--json");
        assertThat(result.keySet()).containsExactlyElementsOf(cli.keySet());
        assertThat(result.get("columns")).isEqualTo(cli.get("columns"));
        assertThat(result.get("driftShare")).isEqualTo(cli.get("driftShare"));
    }

    /** {@code rows} transaction amounts drawn with {@code seed}: more than the 100 000 values a column keeps exactly. */
    private static void amounts(Path file, int rows, long seed, double shift) throws IOException {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("amount\n");
        for (int i = 0; i < rows; i++) {
            csv.append(String.format(Locale.ROOT, "%.2f%n", 60 + shift + 25 * random.nextGaussian()));
        }
        Files.writeString(file, csv);
    }

    @Test
    void aKsCheckOfColumnsBeyondTheExactLimitReturnsTheExactStatisticAsTheCommandLineDoes() throws Exception {
        Path reference = build.workspace().resolve("data/train-large.csv");
        Path current = build.workspace().resolve("data/last-week-large.csv");
        amounts(reference, 120_000, 11, 0.0);
        amounts(current, 120_000, 12, 0.3);
        CheckDriftStep step = new CheckDriftStep("data/train-large.csv", "data/last-week-large.csv");
        step.setMethod("ks");
        step.setOnDrift("none");

        Map<String, Object> result = run(step);

        // The command line's path: the reference data is read again where a binned KS statistic needs its values.
        DriftCheck check = DriftCheck.withDefaults().with(DriftMethod.KS);
        TabularSource referenceData = Sources.open(reference, "reference", CsvFormat.DEFAULT);
        DriftResult exact = check.compare(check.profile(referenceData, BuildLog.silent()), referenceData,
                Sources.open(current, "current", CsvFormat.DEFAULT), BuildLog.silent());
        @SuppressWarnings("unchecked")
        Map<String, Object> amount = ((List<Map<String, Object>>) result.get("columns")).get(0);
        assertThat(amount.get("statistic")).as("KS D of amount").isEqualTo(exact.columns().get(0).statistic());
        assertThat(amount.get("pValue")).as("KS p of amount").isEqualTo(exact.columns().get(0).pValue());
    }

    @Test
    void dataFromTheSameDistributionHasNotDrifted() throws Exception {
        Map<String, Object> result = run(new CheckDriftStep("data/train.csv", "data/same-week.csv"));

        assertThat(result).containsEntry("drifted", false).containsEntry("driftedCount", 0);
        assertThat(build.context().result()).isNull();
    }

    /** Prefixes each row of the workspace file with a {@code transaction_id} counting from {@code firstId}. */
    private void withTransactionIds(String file, long firstId) throws IOException {
        Path path = build.workspace().resolve(file);
        List<String> lines = Files.readAllLines(path);
        List<String> numbered = new ArrayList<>(List.of("transaction_id," + lines.get(0)));
        for (int row = 1; row < lines.size(); row++) {
            numbered.add((firstId + row - 1) + "," + lines.get(row));
        }
        Files.write(path, numbered);
    }

    @Test
    void anExcludedColumnIsNotComparedSoItsDriftDoesNotFailTheStep() throws Exception {
        // Every week's transactions have new ids: compared, transaction_id would drift every time.
        withTransactionIds("data/train.csv", 1);
        withTransactionIds("data/same-week.csv", 3001);
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/same-week.csv");
        step.setDriftShare(0.2); // one drifted column of the four or five fails the step
        step.setExclude(List.of("transaction_id"));

        Map<String, Object> result = run(step);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> compared = (List<Map<String, Object>>) result.get("columns");
        assertThat(compared).extracting(c -> c.get("column")).containsExactly("amount", "age", "region", "channel");
        assertThat(result).containsEntry("drifted", false);
        assertThat(build.context().result()).isNull();
    }

    @Test
    void withAModelTheRetrainTriggerIsGuardedByTheCooldownKeptInMlflow() throws Exception {
        String model = TrainingRuns.modelName("fraud");
        mlflow.getOrCreateRegisteredModel(model);
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setModel(model);
        step.setOnDrift("none");
        step.setCooldown("24h");

        Map<String, Object> first = run(step);
        build = StepHarness.build(jenkinsHome.resolve("next"), "78", Map.of());
        Files.createDirectories(build.workspace().resolve("data"));
        transactions(build.workspace().resolve("data/train.csv"), 3000, 1, 0.0);
        transactions(build.workspace().resolve("data/last-week.csv"), 3000, 3, 40.0);
        Map<String, Object> second = run(step);

        assertThat(retrain(first)).containsEntry("retrain", true).containsEntry("model", model);
        assertThat(retrain(second)).containsEntry("retrain", false);
    }

    @Test
    void aJsonPathThatIsAFolderFailsTheStepBeforeTheRetrainingTriggerIsSet() throws Exception {
        String model = TrainingRuns.modelName("fraud");
        mlflow.getOrCreateRegisteredModel(model);
        Files.createDirectories(build.workspace().resolve("reports"));
        Files.writeString(build.workspace().resolve("reports/last-week.json"), "{\"drifted\" : false}\n");
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setModel(model);
        step.setOnDrift("none");
        step.setJson("reports");

        Throwable failure = failureOf(step);

        assertThat(mlflow.getRegisteredModel(model).tags()).as("the model's tags: no retraining nobody is told of")
                .noneMatch(t -> t.key().equals(RetrainTrigger.LAST_TRIGGER_TAG));
        assertThat(failure).isInstanceOf(AbortException.class).hasMessageStartingWith("json: cannot write the JSON "
                + "result ").hasMessageContaining("it is a directory").hasMessageNotContaining("\n");
    }

    @Test
    void aJsonResultThatFailsToBeWrittenAfterTheTriggerLeavesTheCheckRecordedAndSaysTheRetrainingWasTriggered()
            throws Exception {
        String model = TrainingRuns.modelName("fraud");
        mlflow.getOrCreateRegisteredModel(model);
        // A folder where the JSON result's temporary file goes: its path passes the check before anything is written,
        // and its write fails only at the end, as a disk that fills up meanwhile would make it fail.
        Path inTheWay = build.workspace().resolve("reports/.drift.json." + ProcessHandle.current().pid() + ".tmp");
        Files.createDirectories(inTheWay);
        Files.writeString(inTheWay.resolve("left-over"), "x");
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setModel(model);
        step.setOnDrift("none");
        step.setJson("reports/drift.json");

        Throwable failure = failureOf(step);

        assertThat(MlopsRunAction.of(build.run()).getDriftChecks()).as("drift checks in the build's record")
                .hasSize(1);
        assertThat(failure).isInstanceOf(AbortException.class).hasMessageStartingWith("json: cannot write JSON result ")
                .hasMessageEndingWith("; the check is in the build's record, and retraining model " + model
                        + " was triggered (its cooldown is set in MLflow)");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> retrain(Map<String, Object> result) {
        return (Map<String, Object>) result.get("retrain");
    }

    @Test
    void aMissingDatasetIsOneLineNamingIt() throws Exception {
        build.start(new CheckDriftStep("data/train.csv", "data/next-week.csv"));
        Throwable failure = build.awaitFailure(STEP_TIMEOUT);

        assertThat(failure).isInstanceOf(AbortException.class).hasMessageContaining("next-week.csv")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aProfileThroughALinkToTheReferenceDataIsRefusedOnTheAgentBeforeReadingAndTheDataKept() throws Exception {
        // The paths differ as text, so only the agent, which follows the link, can tell they are one file.
        Files.createSymbolicLink(build.workspace().resolve("data/profile.json"),
                build.workspace().resolve("data/train.csv"));
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setProfile("data/profile.json");
        String data = Files.readString(build.workspace().resolve("data/train.csv"));

        assertThat(failureOf(step)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("profile data/profile.json is the reference file")
                .hasMessageNotContaining("--");
        assertThat(build.workspace().resolve("data/train.csv")).hasContent(data);
    }

    @Test
    void aJsonResultThroughALinkToTheHtmlReportsFolderIsRefusedOnTheAgentBeforeReading() throws Exception {
        Files.createDirectories(build.workspace().resolve("reports"));
        Files.createSymbolicLink(build.workspace().resolve("results"), build.workspace().resolve("reports"));
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setHtml("reports/drift.out");
        step.setJson("results/drift.out");

        assertThat(failureOf(step)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("html reports/drift.out is the same file as json");
        assertThat(build.workspace().resolve("reports/drift.out")).doesNotExist();
    }

    @Test
    void aRuleReadingAMetricTheCheckDoesNotHaveIsNamedAsTheStepParameterNotAsTheCliOption() throws Exception {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setRule("drift_share <= 0.3 && psi.balance < 0.25");

        assertThat(failureOf(step)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("rule reads metric 'psi.balance'").hasMessageNotContaining("--");
    }

    @Test
    void aThresholdThatDoesNotSuitTheMethodIsNamedAsTheStepParametersNotAsTheCliOptions() throws Exception {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setMethod("ks");
        step.setThreshold(2.0);

        assertThat(failureOf(step)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("threshold 2.0 does not suit method ks").hasMessageNotContaining("--");
    }

    @Test
    void aModelThatIsNotRegisteredIsNamedAsTheStepParameterNotAsTheCliOption() throws Exception {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setModel(TrainingRuns.modelName("never-registered"));
        step.setOnDrift("none");

        assertThat(failureOf(step)).isInstanceOf(AbortException.class).hasMessageContaining("not found on MLflow")
                .hasMessageContaining("register the model first, or check model").hasMessageNotContaining("--");
    }

    /** Last week's data with {@code count} rows of a broken export (a field too many) in the middle. */
    private void lastWeekWithBrokenRows(int count) throws IOException {
        Path file = build.workspace().resolve("data/last-week.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        for (int i = 0; i < count; i++) {
            lines.add(1000 + i, "61.20,44,north,web,EXTRA");
        }
        Files.write(file, lines);
    }

    @Test
    void moreBadRowsThanMaxBadRowsFailTheStepNamingTheParameter() throws Exception {
        lastWeekWithBrokenRows(4);
        CheckDriftStep step = driftedCheckThatLeavesTheBuildAlone();
        step.setMaxBadRows(3L);

        assertThat(failureOf(step)).isInstanceOf(AbortException.class).hasMessageContaining("more than 3 bad rows")
                .hasMessageContaining("allow more with maxBadRows").hasMessageNotContaining("--");
    }

    @Test
    void badRowsUpToMaxBadRowsAreSkippedAndCounted() throws Exception {
        lastWeekWithBrokenRows(4);
        CheckDriftStep step = driftedCheckThatLeavesTheBuildAlone();
        step.setMaxBadRows(4L);

        Map<String, Object> result = run(step);

        assertThat(result).containsEntry("drifted", true);
        assertThat(build.log()).contains("bad rows: current 4");
    }

    @Test
    void aDamagedReferenceProfileSaysToSaveItAgainWithTheProfileParameter() throws Exception {
        Files.writeString(build.workspace().resolve("data/train-profile.json"),
                "{\"format\": \"" + ProfileFile.FORMAT + "\", \"version\": " + ProfileFile.VERSION
                        + ", \"columns\": {\"amount\": {}}}");
        CheckDriftStep step = new CheckDriftStep("data/train-profile.json", "data/last-week.csv");

        assertThat(failureOf(step)).isInstanceOf(AbortException.class).hasMessageContaining("is damaged")
                .hasMessageContaining("(profile)").hasMessageNotContaining("--");
    }

    /** Version 1 of a newly registered model, made from a finished training run. */
    private ModelVersion registeredVersion() {
        String name = TrainingRuns.modelName("fraud-detector");
        Run run = new TrainingRuns(mlflow).finishedRun(Map.of("auc", 0.91));
        mlflow.getOrCreateRegisteredModel(name);
        ModelVersion version = mlflow.createModelVersion(NewModelVersion.fromRunArtifacts(name, run.info(), "model"));
        mlflow.awaitModelVersionReady(name, version.version(), Duration.ofSeconds(30));
        return version;
    }

    /** Hidden files in the workspace: a profile on its way to or from MLflow left behind. */
    private List<Path> hiddenFilesInWorkspace() throws IOException {
        try (Stream<Path> files = Files.list(build.workspace())) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void aReferenceGivenAsTheChampionAliasIsComparedWithTheProfileKeptWithItsVersionAsTheCommandLineDoes()
            throws Exception {
        ModelVersion version = registeredVersion();
        mlflow.setAlias(version.name(), "champion", version.version());
        // The training pipeline kept the training data's profile with the version (mlops drift --profile-out).
        Path profile = jenkinsHome.resolve("train-profile.json");
        ProfileFile.save(DriftCheck.withDefaults().profile(Sources.open(build.workspace().resolve("data/train.csv"),
                "reference", CsvFormat.DEFAULT), BuildLog.silent()), profile);
        ModelProfiles.upload(mlflow, ModelProfiles.uploadTarget(mlflow,
                new ModelProfiles.ModelRef(version.name(), version.version())), profile);
        CheckDriftStep step = StepBinding.bind(CheckDriftStep.class, Map.of(
                "reference", "models:/" + version.name() + "@champion", "current", "data/last-week.csv",
                "onDrift", "none"));

        Map<String, Object> result = run(step);

        Map<String, Object> cli = CliJson.run(Map.of(), "drift", "--reference", profile.toString(),
                "--current", build.workspace().resolve("data/last-week.csv").toString(), "--json");
        assertThat(result.get("columns")).isEqualTo(cli.get("columns"));
        assertThat(result).containsEntry("drifted", true);
        assertThat(build.log()).contains("models:/" + version.name() + "@champion is models:/" + version.name()
                + "/" + version.version());
        assertThat(hiddenFilesInWorkspace()).isEmpty();
    }

    /**
     * What the step failed with when its {@code reference} is {@code referenceUri} (the reports asked for too), after
     * checking that nothing was written: no report or scratch file in the workspace, no check in the build's record.
     */
    private String refusalOfReference(String referenceUri) throws Exception {
        build.start(StepBinding.bind(CheckDriftStep.class, Map.of("reference", referenceUri,
                "current", "data/last-week.csv", "html", "reports/drift.html", "json", "reports/drift.json")));
        Throwable failure = build.awaitFailure(STEP_TIMEOUT);
        try (Stream<Path> files = Files.walk(build.workspace())) {
            assertThat(files.filter(Files::isRegularFile).map(f -> build.workspace().relativize(f).toString()))
                    .as("files in the workspace").containsExactlyInAnyOrder("data/train.csv", "data/same-week.csv",
                            "data/last-week.csv");
        }
        assertThat(build.run().getAction(MlopsRunAction.class)).as("no drift check on the build's record").isNull();
        assertThat(failure).isInstanceOf(AbortException.class);
        return failure.getMessage();
    }

    /** A newly registered model with no version yet, by name. */
    private String registeredModel() {
        String name = TrainingRuns.modelName("fraud-detector");
        mlflow.getOrCreateRegisteredModel(name);
        return name;
    }

    @Test
    void aReferenceVersionThatDoesNotExistIsOneLineNamingReferenceAndTheUri() throws Exception {
        String uri = "models:/" + registeredModel() + "/7";

        assertThat(refusalOfReference(uri)).isEqualTo("reference: model version " + uri + " not found on MLflow at "
                + server.trackingUri() + " (check the registered model name and version)");
    }

    @Test
    void aReferenceAliasThatDoesNotExistIsOneLineNamingReferenceAndTheUri() throws Exception {
        String name = registeredModel();

        assertThat(refusalOfReference("models:/" + name + "@champion")).isEqualTo("reference: model " + name
                + " has no alias champion on MLflow at " + server.trackingUri() + " (check the alias, or give the "
                + "version number: models:/" + name + "/<version>)");
    }

    @Test
    void aReferenceVersionWithNoSavedDriftProfileIsOneLineNamingReferenceAndHowToSaveOne() throws Exception {
        ModelVersion version = registeredVersion();
        String uri = "models:/" + version.name() + "/" + version.version();

        assertThat(refusalOfReference(uri)).isEqualTo("reference: model version " + uri + " has no drift profile ("
                + ModelProfiles.ARTIFACT_PATH + " in its run's artifacts) (save one with checkDrift(reference: "
                + "'DATA', profile: '" + uri + "'))");
    }

    @Test
    void withoutCurrentTheReferenceProfileIsKeptWithTheModelVersionAsTheCommandLineKeepsIt() throws Exception {
        ModelVersion version = registeredVersion();
        String uri = "models:/" + version.name() + "/" + version.version();
        CheckDriftStep step = StepBinding.bind(CheckDriftStep.class,
                Map.of("reference", "data/train.csv", "profile", uri));

        Map<String, Object> result = run(step);

        assertThat(result).as("the shared library's map when only a profile was saved").isEqualTo(Map.of());
        assertThat(mlflow.getModelVersion(version.name(), version.version()).tagValues())
                .containsEntry(ModelProfiles.VERSION_TAG, ModelProfiles.ARTIFACT_PATH);
        DatasetProfile kept = ProfileFile.load(ModelProfiles.download(mlflow,
                new ModelProfiles.ModelRef(version.name(), version.version()), jenkinsHome.resolve("kept.json")));
        assertThat(kept.rows()).isEqualTo(3000);
        assertThat(kept.columnNames()).containsExactly("amount", "age", "region", "channel");
        assertThat(build.log()).contains("drift: saved reference profile with " + uri + " ("
                + ModelProfiles.ARTIFACT_PATH + ")");
        assertThat(hiddenFilesInWorkspace()).isEmpty();
    }

    @Test
    void badArgumentsAreOneLineNamingThemAtBindingTime() {
        assertThatThrownBy(() -> new CheckDriftStep(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reference is required");
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        assertThatThrownBy(() -> step.setOnDrift("explode")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("onDrift must be 'fail', 'unstable' or 'none', got 'explode'");
        assertThatThrownBy(() -> step.setMaxBadRows(-1L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBadRows must be 0 or more, got -1; e.g. maxBadRows: 100");
    }

    @Test
    void anUnknownMethodFailsTheCallWithOneLineNamingMethodAndTheMethods() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");

        assertThatThrownBy(() -> step.setMethod("kolmogorov")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("method: unknown drift method 'kolmogorov' (use one of auto, ks, psi");
    }
}

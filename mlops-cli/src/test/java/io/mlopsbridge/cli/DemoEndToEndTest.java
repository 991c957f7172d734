package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.deploy.DeploymentTags;
import io.mlopsbridge.drift.RetrainTrigger;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.lineage.LineageTags;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.RegisteredModel;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.Tag;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The README's first command, {@code bin/demo}, run for real: the outcomes are read back from the MLflow server the
 * demo kept running ({@code --keep-server}) through the engine's {@link MlflowClient}, not from what it printed.
 * While that server is still up, a second demo run is interrupted with Ctrl-C. At the end the kept server is stopped
 * with the command the demo printed, and no process either run started may be left.
 *
 * <p>The class runs beside the module's other test classes (see {@code junit-platform.properties}); its methods run
 * in order in the class's thread ({@code SAME_THREAD}: without it they would inherit the class's CONCURRENT).
 */
@Execution(ExecutionMode.CONCURRENT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoEndToEndTest {
    private static final Duration DEMO_TIMEOUT = Duration.ofMinutes(15);
    private static final String MODEL = "fraud-detector";

    @TempDir
    static Path temp;

    private final Path repo = ExamplePipelines.repoRoot();
    private DemoRun demo;
    private int exitCode;
    private Path work;
    private MlflowClient mlflow;
    private RegisteredModel model;

    @BeforeAll
    void runTheDemo() throws Exception {
        work = temp.resolve("first");
        demo = DemoRun.start(repo, temp.resolve("first.out"), "--keep-server", "--work-dir", work.toString());
        exitCode = demo.awaitExit(DEMO_TIMEOUT);
        assertThat(exitCode).as("bin/demo exit code; its output:\n%s", demo.output()).isZero();
        String url = Files.readString(work.resolve("mlflow.url")).strip();
        mlflow = new MlflowClient(MlflowConfig.of(url));
        model = mlflow.getRegisteredModel(MODEL);
    }

    private ModelVersion version(String number) {
        return mlflow.getModelVersion(MODEL, number);
    }

    private Run runOf(String number) {
        return mlflow.getRun(version(number).runId());
    }

    /** The retrain trigger's time as the drift check recorded it on the registered model. */
    private String triggerTag() {
        return model.tags().stream().filter(t -> t.key().equals(RetrainTrigger.LAST_TRIGGER_TAG)).map(Tag::value)
                .findFirst().orElseThrow(() -> new AssertionError("no " + RetrainTrigger.LAST_TRIGGER_TAG + " tag"));
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(1)
    void theRetrainedChallengerIsChampionAndTheFirstReleaseIsKeptAsPreviousChampion() {
        assertThat(model.aliasVersion("champion")).contains("2");
        assertThat(model.aliasVersion("previous-champion")).contains("1");
        assertThat(model.aliasVersion("candidate")).as("the rejected version 3 did not take the candidate alias")
                .contains("2");
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(2)
    void everyVersionCarriesItsReleaseBuildCommitAndData() throws Exception {
        String head = new String(new ProcessBuilder("git", "rev-parse", "HEAD").directory(repo.toFile()).start()
                .getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        List<List<String>> expected = List.of(List.of("1", "1.0.0", "101", "month-1"),
                List.of("2", "1.1.0", "103", "month-2"), List.of("3", "1.1.1", "104", "month-2"));
        for (List<String> e : expected) {
            ModelVersion v = version(e.get(0));
            assertThat(v.tagValues())
                    .containsEntry(LineageTags.RELEASE, e.get(1))
                    .containsEntry(LineageTags.CI_BUILD_NUMBER, e.get(2))
                    .containsEntry(LineageTags.CI_JOB, "fraud-detection")
                    .containsEntry(LineageTags.GIT_COMMIT, head)
                    .containsEntry(LineageTags.TRAINING_RUN_ID, v.runId())
                    .containsEntry(LineageTags.datasetDigest(e.get(3)),
                            "sha256:" + sha256(work.resolve("data/" + e.get(3) + ".csv")));
            assertThat(mlflow.getRun(v.runId()).data().tagValues()).containsEntry("mlops.release_version", e.get(1));
        }
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(3)
    void theDriftChecksRetrainTriggerStartedTheRetraining() {
        String trigger = triggerTag();
        Instant triggeredAt = Instant.parse(trigger);
        assertThat(runOf("2").data().tagValues()).as("the challenger's training run names the trigger that started it")
                .containsEntry("retrain_trigger", trigger);
        assertThat(Instant.ofEpochMilli(runOf("2").info().startTime())).isAfterOrEqualTo(
                triggeredAt.minusSeconds(1));
        assertThat(runOf("1").data().tagValues()).doesNotContainKey("retrain_trigger");
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(4)
    void theSecondDriftCheckInsideTheCooldownDidNotMoveTheTrigger() {
        Instant triggeredAt = Instant.parse(triggerTag());
        // The second check ran after version 3 existed; had it triggered, the tag would be later than that.
        assertThat(triggeredAt).isBefore(Instant.ofEpochMilli(version("3").creationTimestamp()));
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(5)
    void theChallengerPassedItsGateAgainstTheChampionScoredOnTheSameHeldOutRows() {
        ModelVersion challenger = version("2");
        assertThat(challenger.tagValues()).containsEntry(LineageTags.GATE_VERDICT, LineageTags.GATE_PASSED);
        assertThat(challenger.tagValues().get(LineageTags.GATE_EXPRESSION)).contains("champion_holdout_auc");
        Run run = runOf("2");
        assertThat(run.data().paramValues()).containsEntry("champion", "models:/fraud-detector@champion")
                .containsEntry("data", "month-2.csv");
        assertThat(run.data().metricValues().get("auc"))
                .isGreaterThan(run.data().metricValues().get("champion_holdout_auc") + 0.01);
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(6)
    void theChampionScoreTheGateReadIsMeasuredOnTheChallengersRowsNotTakenFromTheChampionsOwnRun() {
        // Version 3 was scored against champion version 2 on the same month-2 split that version 2 was evaluated
        // on: the same model on the same rows gives the same AUC, to the last digit.
        assertThat(runOf("3").data().metricValues().get("champion_holdout_auc"))
                .isEqualTo(runOf("2").data().metricValues().get("auc"));
        // Version 1's own AUC (on month 1) is not what version 2's gate compared against.
        assertThat(runOf("2").data().metricValues().get("champion_holdout_auc"))
                .isNotEqualTo(runOf("1").data().metricValues().get("auc"));
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(7)
    void theWeakRetrainIsRegisteredButRejectedByItsGate() {
        ModelVersion weak = version("3");
        assertThat(weak.tagValues()).containsEntry(LineageTags.GATE_VERDICT, LineageTags.GATE_REJECTED);
        assertThat(weak.aliases()).isEmpty();
        assertThat(runOf("3").data().paramValues()).containsEntry("n_estimators", "1");
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(8)
    void bothChampionsWereServedLocallyAndSmokeTestedBeforePromotion() {
        for (String v : List.of("1", "2")) {
            assertThat(version(v).tagValues().get(DeploymentTags.LOCAL_CHECK)).as("version %s", v)
                    .contains("\"smoke\"").contains("gate passed");
        }
        assertThat(version("3").tagValues()).doesNotContainKey(DeploymentTags.LOCAL_CHECK);
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(9)
    void theFirstVersionCarriesMonthOnesDriftProfile() {
        assertThat(version("1").tagValues()).containsKey("mlops.drift.reference_profile");
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(10)
    void aSecondRunWhileTheFirstServerIsKeptUsesItsOwnPortAndCtrlCStopsEverythingItStarted() throws Exception {
        Path second = temp.resolve("second");
        DemoRun interrupted = DemoRun.start(repo, temp.resolve("second.out"), "--work-dir", second.toString());
        Path deployLog = second.resolve("logs/deploy-1.0.0.log");
        interrupted.awaitWhileRunning(() -> contains(deployLog, "model server ready"), DEMO_TIMEOUT,
                "the first model server up");
        URI secondUrl = URI.create(Files.readString(second.resolve("mlflow.url")).strip());
        assertThat(secondUrl).isNotEqualTo(URI.create(mlflow.config().trackingUri().toString()));

        interrupted.interrupt();
        int code = interrupted.awaitExit(Duration.ofMinutes(2));

        assertThat(code).as("exit code after Ctrl-C; output:\n%s", interrupted.output()).isEqualTo(130);
        assertThat(interrupted.output()).contains("interrupted: stopping what the demo started");
        assertThat(interrupted.processesSeen()).isGreaterThan(2);
        List<ProcessHandle> left = interrupted.leftBehind(Duration.ofSeconds(10));
        assertThat(left).as("processes left after Ctrl-C:\n%s", DemoRun.describe(left)).isEmpty();
        assertThat(listening(secondUrl)).as("the interrupted run's MLflow server still answers").isFalse();
        assertThat(mlflow.getRegisteredModel(MODEL).aliasVersion("champion")).as("the kept server still serves")
                .contains("2");
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(11)
    void theKeptServerStopsWithTheCommandTheDemoPrintedAndNothingIsLeft() throws Exception {
        Matcher stop = Pattern.compile("stop it with: (kill -- -\\d+)").matcher(demo.output());
        assertThat(stop.find()).as("the demo says how to stop the kept server; output:\n%s", demo.output()).isTrue();
        new ProcessBuilder("bash", "-c", stop.group(1)).inheritIO().start().waitFor();

        List<ProcessHandle> left = demo.leftBehind(Duration.ofSeconds(15));
        assertThat(left).as("processes left after stopping the kept server:\n%s", DemoRun.describe(left)).isEmpty();
        assertThat(listening(URI.create(mlflow.config().trackingUri().toString()))).isFalse();
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean listening(URI url) {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}

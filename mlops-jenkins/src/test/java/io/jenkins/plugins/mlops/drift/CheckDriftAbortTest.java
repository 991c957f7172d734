package io.jenkins.plugins.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import hudson.AbortException;
import hudson.TestEnvVars;
import hudson.TestExtensions;
import hudson.TestWorkspaces;
import hudson.model.Run;
import hudson.model.TestBuilds;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.BufferListener;
import io.jenkins.plugins.mlops.harness.StepHarness;
import io.mlopsbridge.mlflow.HungMlflow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An abort of a build while {@code checkDrift} runs: Jenkins calls the step's {@code stop()}, which interrupts the
 * thread running the check, whether it reads the data again for the exact KS statistic or the agent has answered;
 * a Freestyle build's abort interrupts its executor thread, which runs the check itself on the built-in node. A stop
 * while MLflow is slow to answer ends the check at once too: a stand-in server that takes the request and never
 * answers holds the check in its MLflow read.
 */
class CheckDriftAbortTest {
    /** Over the 100 000 values a side keeps exactly, so KS on 'amount' is binned and refined by a second read. */
    private static final int ROWS = 120_000;

    @TempDir
    Path jenkinsHome;

    @Test
    void stoppingTheStepDuringTheExactKsReReadEndsItWithTheAbortAndLeavesNoProfileOrReports() throws Exception {
        StepHarness build = StepHarness.build(jenkinsHome, "81", java.util.Map.of());
        Path data = Files.createDirectories(build.workspace().resolve("data"));
        amounts(data.resolve("train.csv"), ROWS, 1, 0);
        amounts(data.resolve("last-week.csv"), ROWS, 2, 5);
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setMethod("ks");
        step.setProfile("drift/reference-profile.json");
        step.setHtml("drift/report.html");
        step.setJson("drift/result.json");
        step.setJunit("drift/junit.xml");
        StepExecution execution = build.start(step);

        Thread checking = awaitRefinementPass(Duration.ofSeconds(60));
        AbortException abort = new AbortException("Aborted by alice");
        execution.stop(abort);

        assertThat(build.awaitFailure(Duration.ZERO)).as("ended by stop() itself").isSameAs(abort);
        awaitLeftTheCheck(checking, Duration.ofSeconds(10));
        try (Stream<Path> files = Files.walk(build.workspace())) {
            assertThat(files.filter(Files::isRegularFile).map(f -> build.workspace().relativize(f).toString()))
                    .as("files in the workspace").containsExactlyInAnyOrder("data/train.csv", "data/last-week.csv");
        }
    }

    @Test
    void stoppingTheStepOnceTheAgentHasAnsweredWritesNeitherTheJsonResultNorTheBuildRecord() throws Exception {
        StepHarness build = StepHarness.build(jenkinsHome, "82", java.util.Map.of());
        Path data = Files.createDirectories(build.workspace().resolve("data"));
        amounts(data.resolve("train.csv"), 2_000, 1, 0);
        amounts(data.resolve("last-week.csv"), 2_000, 2, 5);
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setJson("drift/result.json");
        // The agent's log reaches the console only with its answer: the check is done there, the controller's part
        // (the JSON result with the retraining decision, the build's record) is still to come.
        CountDownLatch answered = build.holdConsoleAfter("[mlops] drift: read current last-week.csv");
        StepExecution execution = build.start(step);

        assertThat(answered.await(60, TimeUnit.SECONDS)).as("the agent answered").isTrue();
        Thread checking = threadRunning(CheckDriftRun.class.getName());
        AbortException abort = new AbortException("Aborted by alice");
        execution.stop(abort);

        assertThat(build.awaitFailure(Duration.ZERO)).as("ended by stop() itself").isSameAs(abort);
        awaitLeftTheCheck(checking, Duration.ofSeconds(10));
        assertThat(build.workspace().resolve("drift/result.json")).doesNotExist();
        assertThat(MlopsRunAction.of(build.run()).getDriftChecks()).as("drift checks in the build's record").isEmpty();
    }

    @Test
    void abortingAFreestyleCheckReadingOnTheBuiltInNodeEndsTheBuildAbortedWithNothingWritten() throws Exception {
        StepHarness build = StepHarness.build(jenkinsHome, "83", Map.of());
        Path data = Files.createDirectories(build.workspace().resolve("data"));
        amounts(data.resolve("train.csv"), 2_000, 1, 0);
        amounts(data.resolve("last-week.csv"), 2_000, 2, 5);
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setProfile("drift/reference-profile.json");
        step.setHtml("drift/report.html");
        step.setJson("drift/result.json");
        step.setJunit("drift/junit.xml");
        Run<?, ?> run = build.run();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread executor = new Thread(() -> {
            // The abort as Executor.interrupt delivers it, arriving as the check starts: on the built-in node
            // FilePath.act runs the agent's callable on this executor thread, so the check's reads meet it.
            Thread.currentThread().interrupt();
            ended.complete(catchThrowable(() -> new CheckDriftBuilder(step).perform(run,
                    TestWorkspaces.of(build.workspace().toFile()), TestEnvVars.of(Map.of("JOB_NAME", "fraud-drift",
                            "BUILD_NUMBER", "83")), null, new BufferListener())));
        }, "Executor #0 for fraud-drift #83");
        executor.start();

        // Jenkins' Run.execute ends a build ABORTED on an InterruptedException, FAILED on an AbortException.
        assertThat(ended.get(60, TimeUnit.SECONDS)).as("what perform ended with")
                .isInstanceOf(InterruptedException.class);
        assertThat(TestBuilds.result(run)).as("result set by the step").isNull();
        assertThat(MlopsRunAction.of(run).getDriftChecks()).as("drift checks in the build's record").isEmpty();
        try (Stream<Path> files = Files.walk(build.workspace())) {
            assertThat(files.filter(Files::isRegularFile).map(f -> build.workspace().relativize(f).toString()))
                    .as("files in the workspace").containsExactlyInAnyOrder("data/train.csv", "data/last-week.csv");
        }
    }

    @Test
    void stoppingTheStepWhileMlflowHoldsTheReferenceProfileEndsItAtOnceAsAnAbortWithNothingWritten() throws Exception {
        try (MockWebServer mlflow = HungMlflow.start()) {
            StepHarness build = buildUsing(mlflow, "84");
            amounts(build.workspace().resolve("data/last-week.csv"), 2_000, 2, 5);
            CheckDriftStep step = new CheckDriftStep("models:/fraud/1", "data/last-week.csv");
            step.setHtml("drift/report.html");
            step.setJson("drift/result.json");

            stopWhileMlflowHolds(build, step, mlflow, "the reference version's lookup");

            assertThat(MlopsRunAction.of(build.run()).getDriftChecks()).as("drift checks in the build's record")
                    .isEmpty();
            try (Stream<Path> files = Files.walk(build.workspace())) {
                assertThat(files.filter(Files::isRegularFile).map(f -> build.workspace().relativize(f).toString()))
                        .as("files in the workspace").containsExactly("data/last-week.csv");
            }
        }
    }

    @Test
    void stoppingTheStepWhileMlflowHoldsTheRetrainingReadEndsItAtOnceWithoutTriggerOrRecord() throws Exception {
        try (MockWebServer mlflow = HungMlflow.start()) {
            StepHarness build = buildUsing(mlflow, "85");
            amounts(build.workspace().resolve("data/train.csv"), 2_000, 1, 0);
            amounts(build.workspace().resolve("data/last-week.csv"), 2_000, 2, 5);
            CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
            step.setModel("fraud-detector");
            step.setJson("drift/result.json");

            stopWhileMlflowHolds(build, step, mlflow, "the registered model's read");

            assertThat(mlflow.getRequestCount()).as("requests sent, no retraining tag among them").isEqualTo(1);
            assertThat(build.workspace().resolve("drift/result.json")).doesNotExist();
            assertThat(MlopsRunAction.of(build.run()).getDriftChecks()).as("drift checks in the build's record")
                    .isEmpty();
        }
    }

    /** A build whose MLflow (the global configuration's) is {@code mlflow}, with a data folder in its workspace. */
    private StepHarness buildUsing(MockWebServer mlflow, String number) throws IOException {
        TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(mlflow.url("/").toString());
        StepHarness build = StepHarness.build(jenkinsHome, number, Map.of());
        Files.createDirectories(build.workspace().resolve("data"));
        return build;
    }

    /**
     * Starts {@code step}, stops it once {@code mlflow} holds its first request ({@code request} names it), and
     * checks that the check ended promptly as an abort (an InterruptedException, which ends a Freestyle build
     * ABORTED), not as a failure. The bound is far below MLflow's read timeout (60 s, and reads are retried): the read
     * must be cut off, not waited out.
     */
    private static void stopWhileMlflowHolds(StepHarness build, CheckDriftStep step, MockWebServer mlflow,
                                                  String request) throws Exception {
        StepExecution execution = build.start(step);
        assertThat(mlflow.takeRequest(60, TimeUnit.SECONDS)).as(request).isNotNull();

        assertThat(build.stopAndAwaitRunEnded(execution, Duration.ofSeconds(10))).as("what the check ended with")
                .isInstanceOf(InterruptedException.class);
    }

    /** Transaction amounts, N(60 + shift, 25): the KS statistic's maximum lies inside the binned pass's bins. */
    private static void amounts(Path file, int rows, long seed, double shift) throws IOException {
        Random random = new Random(seed);
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("amount\n");
            for (int i = 0; i < rows; i++) {
                w.write(String.format(Locale.ROOT, "%.3f\n", 60 + shift + 25 * random.nextGaussian()));
            }
        }
    }

    /**
     * The step's thread once it runs the engine's refinement pass. Only that thread's stack is polled, often, once it
     * is found: taking every thread's stack every few milliseconds would slow the check it watches.
     */
    private static Thread awaitRefinementPass(Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        Thread checking = null;
        while (Instant.now().isBefore(until)) {
            if (checking == null) {
                checking = Thread.getAllStackTraces().entrySet().stream()
                        .filter(e -> runs(e.getValue(), DriftOnAgent.class.getName()))
                        .map(java.util.Map.Entry::getKey).findFirst().orElse(null);
                Thread.sleep(20);
            } else if (runs(checking.getStackTrace(), "io.mlopsbridge.drift.KsRefinementPasses")) {
                return checking;
            } else {
                Thread.sleep(1);
            }
        }
        throw new AssertionError("the check never reached its refinement pass");
    }

    private static Thread threadRunning(String className) {
        return Thread.getAllStackTraces().entrySet().stream().filter(e -> runs(e.getValue(), className))
                .map(java.util.Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("no thread runs " + className));
    }

    private static boolean runs(StackTraceElement[] stack, String className) {
        return Arrays.stream(stack).anyMatch(frame -> frame.getClassName().equals(className));
    }

    /** Waits until the step's pool thread runs no plugin or engine code: the check has ended, nothing more is written. */
    private static void awaitLeftTheCheck(Thread thread, Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        while (Arrays.stream(thread.getStackTrace()).map(StackTraceElement::getClassName)
                .anyMatch(c -> c.startsWith("io.mlopsbridge") || c.startsWith("io.jenkins.plugins.mlops"))) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("the check still runs " + timeout + " after stop()");
            }
            Thread.sleep(10);
        }
    }
}

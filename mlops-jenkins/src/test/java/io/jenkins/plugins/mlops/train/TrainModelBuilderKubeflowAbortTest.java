package io.jenkins.plugins.mlops.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.TestEnvVars;
import hudson.TestExtensions;
import hudson.TestLaunchers;
import hudson.TestWorkspaces;
import hudson.model.Run;
import hudson.model.TestBuilds;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.BlockedReads;
import io.jenkins.plugins.mlops.harness.BufferListener;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.kfp.fake.RunScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Freestyle build aborted while its trainModel build step (Kubeflow) completes a KFP run that has just ended: the
 * executor thread ends the step's MLflow run itself, so the abort meets that call; Jenkins ends the build ABORTED
 * only when an InterruptedException comes back out of {@code perform}. The abort's clean-up ends the MLflow run
 * again (or, aborted while it waits, terminates the KFP run), and an abort pressed once more meanwhile must not cut
 * that call off.
 */
class TrainModelBuilderKubeflowAbortTest {
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");

    @RegisterExtension
    final FakeKfpServer kfp = new FakeKfpServer();
    @TempDir
    Path jenkinsHome;

    @Test
    void abortingWhileTheEndedRunIsCompletedEndsTheBuildAbortedAndLeavesNoMlflowRunRunning() throws Exception {
        List<String> statusesSet = new CopyOnWriteArrayList<>();
        BufferListener listener = new BufferListener();

        Throwable ended = abortWhileCompleting(statusesSet, listener, CleanUpAnswer.AT_ONCE, (executor, mlflow) -> { });

        // Jenkins' Run.execute ends a build ABORTED on an InterruptedException, FAILED on an AbortException.
        assertThat(ended).as("what perform ended with:\n" + listener.text()).isInstanceOf(InterruptedException.class);
        // The completion's FINISHED was cut by the abort, so the abort ends the run as the KFP run ended: nothing
        // stays RUNNING. The KFP run had ended: KFP refuses to terminate an ended run, so it is not asked to.
        assertThat(statusesSet).as("statuses the step set on its MLflow run").containsExactly("FINISHED", "FINISHED");
        assertThat(kfp.calls("RunService_TerminateRun")).as("KFP runs terminated").isEmpty();
        assertThat(listener.text().lines().filter(line -> line.contains("aborted:"))).as(listener.text())
                .singleElement().asString().matches(".*aborted: KFP run \\S+ had ended SUCCEEDED; "
                        + "MLflow run 4f6e2a9c1b7d4e0f8a3c5b2d9e1f7a60 FINISHED");
    }

    @Test
    void anAbortsCleanUpThatMlflowDoesNotAnswerIsGivenUpSoonAndSaysSo() throws Exception {
        List<String> statusesSet = new CopyOnWriteArrayList<>();
        BufferListener listener = new BufferListener();

        // A clean-up is quick: MLflow gets a short read timeout (10 s, two attempts), not the usual 60 s, before it is
        // reported.
        Throwable ended = abortWhileCompleting(statusesSet, listener, CleanUpAnswer.NEVER, (executor, mlflow) -> { });

        assertThat(ended).as("what perform ended with:\n" + listener.text()).isInstanceOf(InterruptedException.class);
        assertThat(listener.text()).contains("MLflow run 4f6e2a9c1b7d4e0f8a3c5b2d9e1f7a60 could not be marked"
                + " FINISHED");
    }

    @Test
    void aSecondAbortWhileTheCleanUpEndsTheMlflowRunDoesNotCutThatCallOff() throws Exception {
        List<String> statusesSet = new CopyOnWriteArrayList<>();
        BufferListener listener = new BufferListener();

        Throwable ended = abortWhileCompleting(statusesSet, listener, CleanUpAnswer.WHEN_RELEASED,
                (executor, mlflow) -> {
                    mlflow.awaitCleanUpHeld();
                    BlockedReads.awaitThreadReading("io.mlopsbridge.train.KubeflowTraining", Duration.ofSeconds(30));
                    executor.interrupt(); // the user presses abort again: Executor.interrupt once more
                    mlflow.releaseCleanUp();
                });

        assertThat(ended).as("what perform ended with:\n" + listener.text()).isInstanceOf(InterruptedException.class);
        assertThat(statusesSet).as("statuses the step set on its MLflow run").containsExactly("FINISHED", "FINISHED");
        assertThat(listener.text().lines().filter(line -> line.contains("aborted:"))).as(listener.text())
                .singleElement().asString().endsWith("MLflow run 4f6e2a9c1b7d4e0f8a3c5b2d9e1f7a60 FINISHED");
    }

    @Test
    void aSecondAbortWhileTheCleanUpTerminatesTheKfpRunDoesNotCutThatCallOff() throws Exception {
        kfp.runsFollow(RunScript.runsForever()).holdAnswers("RunService_TerminateRun");
        BufferListener listener = new BufferListener();
        Build build = build(listener);
        configure(null); // no MLflow: the clean-up is the KFP run's terminate alone
        build.executor().start();
        awaitTrue(() -> !kfp.calls("RunService_GetRun").isEmpty(), "the build waits for the KFP run");

        build.executor().interrupt(); // Executor.interrupt, as the build's abort does
        BlockedReads.awaitThreadReading("io.mlopsbridge.train.KubeflowTraining", Duration.ofSeconds(30));
        build.executor().interrupt(); // the user presses abort again
        kfp.releaseHeld();

        assertThat(build.ended().get(30, TimeUnit.SECONDS)).as("what perform ended with:\n" + listener.text())
                .isInstanceOf(InterruptedException.class);
        assertThat(listener.text().lines().filter(line -> line.contains("aborted:"))).as(listener.text())
                .singleElement().asString().matches(".*aborted: KFP run \\S+ terminated");
    }

    /** A Freestyle Kubeflow training build, its executor thread not started yet, and what perform ended with. */
    private record Build(Run<?, ?> run, Thread executor, CompletableFuture<Throwable> ended) {
    }

    private Build build(BufferListener listener) throws Exception {
        Run<?, ?> run = TestBuilds.build(Files.createDirectories(jenkinsHome.resolve("builds/86")).toFile(),
                "fraud-kubeflow", 86);
        Path workspace = Files.createDirectories(jenkinsHome.resolve("workspace"));
        Files.copy(ExamplePipelines.fraudDetectionYaml(), workspace.resolve("pipeline.yaml"));
        TrainModelStep step = new TrainModelStep();
        step.setKubeflow("pipeline.yaml");
        step.setExperiment("fraud-kubeflow");
        step.setPollInterval("50ms");
        TrainModelBuilder builder = new TrainModelBuilder(step);
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread executor = new Thread(() -> ended.complete(catchThrowable(() -> builder.perform(run,
                TestWorkspaces.of(workspace.toFile()), TestEnvVars.of(Map.of("JOB_NAME", "fraud-kubeflow",
                        "BUILD_NUMBER", "86")), TestLaunchers.local(), listener))),
                "Executor #0 for fraud-kubeflow #86");
        return new Build(run, executor, ended);
    }

    /** Jenkins' global configuration: the KFP fake, and MLflow at {@code mlflowUrl} (none when null). */
    private void configure(String mlflowUrl) {
        TestCredentials.clear();
        MlopsConfiguration config = TestExtensions.register(new MlopsConfiguration());
        config.setMlflowUrl(mlflowUrl);
        config.setKubeflowUrl(kfp.url());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within 30 s: " + what).isLessThan(until);
            Thread.sleep(20);
        }
    }

    /** What a test does while the aborted build step runs, with its executor thread and MLflow. */
    @FunctionalInterface
    private interface Meanwhile {
        void act(Thread executor, AbortingWhenARunIsEnded mlflow) throws Exception;
    }

    /**
     * A Freestyle Kubeflow training whose run succeeds, aborted as its completion ends the MLflow run; the abort's
     * own end of the run is answered as {@code cleanUp} says, while {@code meanwhile} acts. What perform ended with,
     * within 45 s (below MLflow's usual 60 s read timeout; the clean-up's two 10 s reads fit).
     */
    private Throwable abortWhileCompleting(List<String> statusesSet, BufferListener listener, CleanUpAnswer cleanUp,
                                           Meanwhile meanwhile) throws Exception {
        kfp.runsFollow(RunScript.succeeds());
        Build build = build(listener);
        AbortingWhenARunIsEnded dispatcher = new AbortingWhenARunIsEnded(build.executor(), statusesSet, cleanUp);
        try (MockWebServer mlflow = new MockWebServer()) {
            mlflow.setDispatcher(dispatcher);
            mlflow.start();
            configure(mlflow.url("/").toString());
            build.executor().start();
            meanwhile.act(build.executor(), dispatcher);
            Throwable outcome = build.ended().get(45, TimeUnit.SECONDS);
            assertThat(TestBuilds.result(build.run())).as("result set by the step").isNull();
            return outcome;
        } finally {
            dispatcher.releaseCleanUp();
        }
    }

    /** How MLflow answers the abort's own end of the run. */
    private enum CleanUpAnswer { AT_ONCE, NEVER, WHEN_RELEASED }

    /**
     * MLflow for one Kubeflow training: it knows the experiment and creates the step's run; the first request to end
     * a run interrupts the executor (as {@code Executor.interrupt} does) and never sends its answer's body; a later
     * one (the clean-up's) is answered as its {@link CleanUpAnswer} says. Records the status each end asks for.
     */
    private static final class AbortingWhenARunIsEnded extends Dispatcher {
        private static final String RUN_ID = "4f6e2a9c1b7d4e0f8a3c5b2d9e1f7a60";
        private static final String RUN_INFO = "{\"run_id\": \"" + RUN_ID + "\", \"experiment_id\": \"17\", "
                + "\"run_name\": \"fraud-kubeflow-86\", \"status\": \"RUNNING\", \"lifecycle_stage\": \"active\"}";

        private final Thread executor;
        private final List<String> statusesSet;
        private final CleanUpAnswer cleanUp;
        private final CountDownLatch cleanUpArrived = new CountDownLatch(1);
        private final CountDownLatch cleanUpReleased = new CountDownLatch(1);

        AbortingWhenARunIsEnded(Thread executor, List<String> statusesSet, CleanUpAnswer cleanUp) {
            this.executor = executor;
            this.statusesSet = statusesSet;
            this.cleanUp = cleanUp;
        }

        /** Waits (a 30 s hang guard) until the clean-up's end of the run has arrived and is held. */
        void awaitCleanUpHeld() throws InterruptedException {
            assertThat(cleanUpArrived.await(30, TimeUnit.SECONDS)).as("the clean-up's runs/update arrived").isTrue();
        }

        /** Lets the held clean-up be answered. */
        void releaseCleanUp() {
            cleanUpReleased.countDown();
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            String body = request.getBody() == null ? "" : request.getBody().utf8().replace(" ", "");
            return switch (request.getUrl().encodedPath()) {
                case "/api/2.0/mlflow/experiments/get-by-name" -> json("{\"experiment\": {\"experiment_id\": \"17\", "
                        + "\"name\": \"fraud-kubeflow\", \"lifecycle_stage\": \"active\"}}");
                case "/api/2.0/mlflow/runs/create" -> json("{\"run\": {\"info\": " + RUN_INFO + ", \"data\": {}}}");
                case "/api/2.0/mlflow/runs/set-tag" -> json("{}");
                case "/api/2.0/mlflow/runs/update" -> ended(body);
                default -> new MockResponse.Builder().code(404)
                        .body("{\"error_code\": \"ENDPOINT_NOT_FOUND\", \"message\": \"not here\"}").build();
            };
        }

        private MockResponse ended(String body) throws InterruptedException {
            Matcher status = STATUS.matcher(body);
            statusesSet.add(status.find() ? status.group(1) : body);
            if (statusesSet.size() > 1) {
                if (cleanUp == CleanUpAnswer.NEVER) {
                    return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
                }
                if (cleanUp == CleanUpAnswer.WHEN_RELEASED) { // MLflow has acted; its answer is on its way
                    cleanUpArrived.countDown();
                    cleanUpReleased.await(30, TimeUnit.SECONDS);
                }
                return json("{\"run_info\": " + RUN_INFO + "}");
            }
            executor.interrupt();
            // Headers now, so the client is reading the body when the interrupt lands.
            return new MockResponse.Builder().body("{\"run_info\": {}}")
                    .onResponseBody(SocketEffect.Stall.INSTANCE).build();
        }

        private static MockResponse json(String body) {
            return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
        }
    }
}

package io.mlopsbridge.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.kfp.fake.RunScript;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.wait.MutableClock;
import io.mlopsbridge.wait.PollOutcome;
import io.mlopsbridge.wait.Poller;
import io.mlopsbridge.wait.Wait;
import io.mlopsbridge.wait.WaitHandle;
import io.mlopsbridge.wait.WaitPolicy;
import io.mlopsbridge.wait.WaitScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Waiting for KFP runs against the fake server: states, cancel, auth rotation and an unreliable network. */
class KfpRunWaiterContractTest {
    @RegisterExtension
    final FakeKfpServer kfp = new FakeKfpServer();

    private final WaitScheduler scheduler = new WaitScheduler(2, Clock.systemUTC());
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final BuildLog buildLog = new BuildLog() {
        @Override
        public void info(String line) {
            log.add(line);
        }

        @Override
        public void warn(String line) {
            log.add("WARN " + line);
        }
    };
    private final WaitPolicy fast = WaitPolicy.withDefaults()
            .withIntervals(Duration.ofMillis(10), Duration.ofMillis(40))
            .withTimeout(Duration.ofMinutes(2)); // only reached when a test fails; generous for a busy machine

    @AfterEach
    void stopScheduler() {
        scheduler.close();
    }

    private KfpClient client(KfpConfig config) {
        return new KfpClient(config.withHttp(KfpClientContractTest.FAST));
    }

    private KfpClient client() {
        return client(KfpConfig.of(kfp.url()));
    }

    private Wait<KfpRun> submit(KfpClient client, WaitPolicy policy) {
        return submit(client, policy, null);
    }

    private Wait<KfpRun> submit(KfpClient client, WaitPolicy policy, Runnable beforeCreate) {
        return submit(client, policy, beforeCreate, scheduler);
    }

    private Wait<KfpRun> submit(KfpClient client, WaitPolicy policy, Runnable beforeCreate, WaitScheduler on) {
        PipelineSpecFile file = ExamplePipelines.fraudDetection();
        PipelineUploader.Published published = new PipelineUploader(client, BuildLog.silent())
                .publish(file, "fraud-detection", "1.4.0");
        KfpExperiment experiment = client.findOrCreateExperiment("fraud-detection");
        if (beforeCreate != null) {
            beforeCreate.run();
        }
        RunRequest request = new RunRequest("fraud-detection 1.4.0", "build 17 (request 5e1f9a2c)",
                experiment.experimentId(),
                new RunRequest.PipelineVersionReference(published.pipeline().pipelineId(),
                        published.version().pipelineVersionId()),
                new RunRequest.RuntimeConfig(Map.of("release_version", "1.4.0"), null), null, null);
        return new KfpRunWaiter(client).submit(request, policy, buildLog, on);
    }

    @Test
    void aSucceededRunIsReturnedWithEveryRunAndTaskStateLoggedOnce() {
        Wait<KfpRun> wait = submit(client(), fast);
        KfpRun run = wait.await();

        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        String id = run.runId();
        assertThat(log).containsExactly(
                "KFP run " + id + " created: " + kfp.url() + "/#/runs/details/" + id,
                "KFP run " + id + ": PENDING",
                "KFP run " + id + ": RUNNING",
                "KFP run " + id + ": task prepare-data RUNNING",
                "KFP run " + id + ": task prepare-data SUCCEEDED",
                "KFP run " + id + ": task train-model RUNNING",
                "KFP run " + id + ": SUCCEEDED",
                "KFP run " + id + ": task train-model SUCCEEDED");
        assertThat(KfpRunWaiter.requireSucceeded(run, client().config())).isSameAs(run);
    }

    @Test
    void aFailedRunFailsWithItsErrorAndALinkToTheRun() {
        kfp.runsFollow(RunScript.fails("task train-model: exit status 1: ValueError: n_estimators must be > 0"));
        KfpRun run = submit(client(), fast).await();

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThatThrownBy(() -> KfpRunWaiter.requireSucceeded(run, client().config()))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("KFP run " + run.runId()
                            + " ended FAILED: task train-model: exit status 1: ValueError: n_estimators must be > 0");
                    assertThat(e.hint()).contains("see " + kfp.url() + "/#/runs/details/" + run.runId());
                    assertThat(e.remoteCode()).contains("FAILED");
                });
    }

    @Test
    void aRunCanceledInTheUiEndsTheWaitInsteadOfPollingUntilTheTimeout() {
        kfp.runsFollow(RunScript.canceledInTheUi());
        KfpRun run = submit(client(), fast).await();

        assertThat(run.state()).isEqualTo(RunState.CANCELED);
        assertThat(kfp.calls("RunService_GetRun")).hasSize(4);
        assertThatThrownBy(() -> KfpRunWaiter.requireSucceeded(run, client().config()))
                .hasMessage("KFP run " + run.runId() + " ended CANCELED");
    }

    @Test
    void cancellingTheWaitTerminatesTheRemoteRun() throws Exception {
        kfp.runsFollow(RunScript.runsForever());
        Wait<KfpRun> wait = submit(client(), fast);
        awaitPolls(3);

        wait.cancel(true);

        assertThat(kfp.calls("RunService_TerminateRun")).singleElement()
                .satisfies(c -> assertThat(c.path()).isEqualTo("/apis/v2beta1/runs/" + wait.operationId() + ":terminate"));
        assertThat(kfp.runState(wait.operationId())).contains(RunState.CANCELING);
        assertThat(log).contains("KFP run " + wait.operationId() + ": terminated on request");
        assertThatThrownBy(wait::await).isInstanceOf(CancellationException.class);
    }

    @Test
    void aTokenFileRotatedMidWaitKeepsTheWaitGoing(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("token");
        writeAtomically(token, "sa-token-1\n");
        kfp.requireToken("sa-token-1").runsFollow(RunScript.of(RunState.PENDING, RunState.RUNNING, RunState.RUNNING,
                RunState.RUNNING, RunState.RUNNING, RunState.RUNNING, RunState.RUNNING, RunState.RUNNING,
                RunState.RUNNING, RunState.RUNNING, RunState.SUCCEEDED));
        Wait<KfpRun> wait = submit(client(KfpConfig.of(kfp.url()).withTokenFile(token)), fast);
        awaitPolls(3);

        writeAtomically(token, "sa-token-2\n"); // the kubelet swaps the projected token file
        kfp.requireToken("sa-token-2"); // and the old token expires

        assertThat(wait.await().state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(kfp.calls("RunService_GetRun")).extracting(FakeKfpServer.Call::authorization)
                .contains("Bearer sa-token-1", "Bearer sa-token-2")
                .containsOnly("Bearer sa-token-1", "Bearer sa-token-2");
    }

    @Test
    void stormsOf503And429AreRiddenOutHonouringRetryAfter() {
        KfpClient client = client();
        Wait<KfpRun> wait = submit(client, fast.withIntervals(Duration.ofMillis(10), Duration.ofMillis(20)));
        kfp.failNext(8, 503, null);
        kfp.failNext(2, 429, 1);
        long start = System.nanoTime();

        assertThat(wait.await().state()).isEqualTo(RunState.SUCCEEDED);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("two Retry-After: 1 honoured")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1800));
        assertThat(log.stream().filter(l -> l.startsWith("WARN"))).singleElement().asString()
                .contains("cannot get its state (HTTP 503 upstream connect error); will keep trying");
        assertThat(log).anySatisfy(l -> assertThat(l).contains("reachable again after"));
    }

    @Test
    void aServerRestartMidWaitIsSurvived() throws Exception {
        kfp.runsFollow(RunScript.of(RunState.PENDING, RunState.RUNNING, RunState.RUNNING, RunState.RUNNING,
                RunState.SUCCEEDED));
        Wait<KfpRun> wait = submit(client(), fast);
        awaitPolls(2);

        kfp.restartFor(Duration.ofMillis(400));

        assertThat(wait.get(20, TimeUnit.SECONDS).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(log).anySatisfy(l -> assertThat(l).startsWith("WARN KFP run ").contains("cannot reach 127.0.0.1"));
    }

    @Test
    void passingTheDeadlineTerminatesTheRunAndSaysWhatToDo() {
        kfp.runsFollow(RunScript.runsForever());
        Wait<KfpRun> wait = submit(client(), fast.withTimeout(Duration.ofMillis(300)));

        assertThatThrownBy(wait::await)
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("KFP run " + wait.operationId()
                            + " did not finish within the timeout of 300ms (last state RUNNING); it was terminated");
                    assertThat(e.hint()).contains("raise the timeout if the work needs longer");
                });
        // The terminate reached the server; a poll cut off by the deadline timer may still have been carried out
        // after it, moving the run on to CANCELED as the real server does.
        assertThat(kfp.runState(wait.operationId())).get().isIn(RunState.CANCELING, RunState.CANCELED);
        assertThat(kfp.calls("RunService_TerminateRun")).hasSize(1);
    }

    /**
     * The poll that reaches the deadline terminates the run; whoever comes second (here an abort, at the deadline
     * also the deadline timer) must not report the run terminated before that terminate request was answered.
     */
    @Test
    void aSecondTerminateWaitsForTheFirstInsteadOfReportingTheRunTerminatedEarly() throws Exception {
        kfp.runsFollow(RunScript.runsForever()).holdRequests("RunService_TerminateRun");
        MutableClock clock = new MutableClock(Instant.now());
        try (WaitScheduler onClock = new WaitScheduler(2, clock)) {
            // Two minutes of real time before the deadline timer fires: only the poll thread sees the deadline.
            Wait<KfpRun> wait = submit(client(), fast.withTimeout(Duration.ofMinutes(2)), null, onClock);
            awaitPolls(1);
            clock.advance(Duration.ofHours(1));
            awaitCalls("RunService_TerminateRun", 1); // the poll thread's terminate, held before the server acts

            Thread abort = new Thread(() -> wait.cancel(true), "abort");
            abort.start();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (abort.isAlive() && !waitsForAnotherTerminate(abort) && System.nanoTime() < until) {
                Thread.sleep(1);
            }
            assertThat(abort.isAlive()).as("the abort returned while the only terminate request had not reached the "
                    + "server (run %s); log: %s", kfp.runState(wait.operationId()), log).isTrue();
            assertThat(waitsForAnotherTerminate(abort)).as("abort thread parked on the first terminate").isTrue();
            assertThat(log).noneSatisfy(l -> assertThat(l).contains("terminated on request"));

            kfp.releaseHeld();
            abort.join(TimeUnit.SECONDS.toMillis(10));

            assertThat(abort.isAlive()).isFalse();
            assertThat(wait.isCancelled()).isTrue();
            assertThat(log).contains("KFP run " + wait.operationId() + ": terminated on request");
            assertThat(kfp.runState(wait.operationId())).contains(RunState.CANCELING);
            assertThat(kfp.calls("RunService_TerminateRun")).hasSize(1);
        } finally {
            kfp.releaseHeld();
        }
    }

    private static boolean waitsForAnotherTerminate(Thread t) {
        return t.getState() == Thread.State.WAITING && Arrays.stream(t.getStackTrace()).anyMatch(f ->
                f.getClassName().equals(CompletableFuture.class.getName()) && f.getMethodName().equals("join"));
    }

    @Test
    void aRunWhoseCreationAnswerWasLostIsFoundInsteadOfCreatedTwice() {
        Wait<KfpRun> wait = submit(client(), fast, () -> kfp.loseNextAnswers(1));

        assertThat(wait.await().state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(kfp.calls("RunService_CreateRun")).hasSize(1);
        assertThat(log).anySatisfy(l -> assertThat(l).startsWith("WARN KFP answered the run creation with an error")
                .endsWith("but run " + wait.operationId() + " exists; waiting for it"));
    }

    @Test
    void aRunWhoseCreationAnswerWasLostIsFoundAmongManyOlderRunsOfTheSameRelease() {
        KfpClient client = client();
        Wait<KfpRun> wait = submit(client, fast, () -> {
            // Earlier builds of the same release: same display name, other request tokens, more than a page.
            KfpExperiment experiment = client.findExperiment("fraud-detection").orElseThrow();
            KfpPipeline pipeline = client.findPipeline("fraud-detection").orElseThrow();
            KfpPipelineVersion version = client.findPipelineVersion(pipeline.pipelineId(), "1.4.0").orElseThrow();
            for (int build = 1; build <= 120; build++) {
                client.createRun(new RunRequest("fraud-detection 1.4.0", "build " + build + " (request older-"
                        + build + ")", experiment.experimentId(), new RunRequest.PipelineVersionReference(
                        pipeline.pipelineId(), version.pipelineVersionId()),
                        new RunRequest.RuntimeConfig(Map.of("release_version", "1.4.0"), null), null, null));
            }
            kfp.loseNextAnswers(1);
        });

        KfpRun found = wait.await();

        assertThat(found.description()).isEqualTo("build 17 (request 5e1f9a2c)");
        assertThat(kfp.calls("RunService_CreateRun")).hasSize(121);
    }

    @Test
    void aWaitResumesFromItsPersistedHandleAfterAControllerRestart() {
        KfpClient client = client();
        String runId = KfpClientContractTest.startRun(client);
        Poller<KfpRun> before = new Poller<>(new KfpRunWaiter(client), fast,
                buildLog, Clock.systemUTC());
        PollOutcome<KfpRun> first = before.pollOnce(
                WaitHandle.start(runId, fast, Clock.systemUTC()));
        String persisted = ((PollOutcome.Pending<KfpRun>) first).handle().toJson();

        // A new controller process: new client, new waiter, only the handle survived.
        Poller<KfpRun> after = new Poller<>(new KfpRunWaiter(client()), fast,
                buildLog, Clock.systemUTC());
        WaitHandle handle = WaitHandle.fromJson(persisted);
        PollOutcome<KfpRun> outcome;
        while ((outcome = after.pollOnce(handle)) instanceof PollOutcome.Pending<KfpRun> p) {
            handle = p.handle();
        }

        assertThat(((PollOutcome.Finished<KfpRun>) outcome).result().state())
                .isEqualTo(RunState.SUCCEEDED);
        assertThat(log).containsExactly("KFP run " + runId + ": PENDING", "KFP run " + runId + ": RUNNING",
                "KFP run " + runId + ": task prepare-data RUNNING", "KFP run " + runId + ": task prepare-data SUCCEEDED",
                "KFP run " + runId + ": task train-model RUNNING", "KFP run " + runId + ": SUCCEEDED",
                "KFP run " + runId + ": task train-model SUCCEEDED");
    }

    private void awaitPolls(int polls) throws InterruptedException {
        awaitCalls("RunService_GetRun", polls);
    }

    private void awaitCalls(String operationId, int count) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (kfp.calls(operationId).size() < count && System.nanoTime() < until) {
            Thread.sleep(5);
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "token", ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

package io.mlopsbridge.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.MlopsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WaitSchedulerTest {
    private final WaitScheduler scheduler = new WaitScheduler(2, Clock.systemUTC());
    private final RecordingLog log = new RecordingLog();
    private final WaitPolicy fast = WaitPolicy.withDefaults()
            .withIntervals(Duration.ofMillis(5), Duration.ofMillis(20))
            .withTimeout(Duration.ofMinutes(2));

    @AfterEach
    void stop() {
        scheduler.close();
    }

    @Test
    void submitStartsTheWorkAndCompletesWithItsResult() {
        ScriptedOperation op = new ScriptedOperation().thenState("PENDING").thenState("RUNNING").thenState("RUNNING")
                .thenDone("SUCCEEDED");
        Wait<String> wait = scheduler.submit(() -> "r1", op, fast, log);
        assertThat(wait.await()).isEqualTo("SUCCEEDED");
        assertThat(log.lines).containsExactly("job r1: PENDING", "job r1: RUNNING", "job r1: SUCCEEDED");
    }

    @Test
    void cancellingTheWaitTerminatesTheRemoteWork() throws Exception {
        ScriptedOperation op = new ScriptedOperation().thenState("RUNNING");
        Wait<String> wait = scheduler.submit(() -> "r1", op, fast, log);
        op.awaitFirstPoll();
        assertThat(wait.cancel(true)).isTrue();
        assertThat(op.cancelled).containsExactly("r1");
        assertThat(log.lines).contains("job r1: terminated on request");
        assertThatThrownBy(wait::await).isInstanceOf(CancellationException.class);
        // Several poll intervals in which a wrongly kept timer would poll again; slowness cannot fail this.
        Thread.sleep(100);
        assertThat(op.pollsAfterCancel()).as("polls after cancel").isZero();
    }

    @Test
    void deadlineExceededCompletesTheWaitWithAClearMessage() {
        ScriptedOperation op = new ScriptedOperation().thenState("RUNNING");
        WaitPolicy policy = fast.withTimeout(Duration.ofMillis(100));
        // A wait that has seen RUNNING already, so the message names the last state however late a poll would come.
        WaitHandle running = new WaitHandle("r1", Instant.now().plus(policy.timeout()), Instant.now(),
                policy.initialInterval(), Map.of(Observation.OVERALL, "RUNNING"), null);
        Wait<String> wait = scheduler.resume(running, op, policy, log);
        assertThatThrownBy(wait::await)
                .isInstanceOf(MlopsException.class)
                .hasMessage("job r1 did not finish within the timeout of 100ms (last state RUNNING); it was terminated");
        assertThat(op.cancelled).containsExactly("r1");
    }

    @Test
    void manyWaitsShareTheSchedulersFewThreads() throws InterruptedException {
        List<Wait<String>> waits = new ArrayList<>();
        List<ScriptedOperation> ops = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ScriptedOperation op = new ScriptedOperation().thenState("PENDING").thenState("RUNNING").thenDone("SUCCEEDED");
            ops.add(op);
            String id = "r" + i;
            waits.add(scheduler.submit(() -> id, op, fast, log));
        }
        waits.forEach(w -> assertThat(w.await()).isEqualTo("SUCCEEDED"));
        assertThat(ops.stream().flatMap(o -> o.pollThreads.stream()).distinct())
                .allMatch(name -> name.startsWith("mlops-wait-"))
                .hasSizeLessThanOrEqualTo(2);
        // The count drops in a completion callback, which may run just after await() has returned.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // bounds a hang only
        while (scheduler.activeWaits() > 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(scheduler.activeWaits()).isZero();
    }

    @Test
    void aWaitResumedFromAHandleContinuesWhereItStopped() throws Exception {
        ScriptedOperation op = new ScriptedOperation().thenState("RUNNING");
        // The old process logs to its own console: a poll of its own still in flight when it is abandoned may see
        // the later state too, which says nothing about the resumed wait.
        RecordingLog oldProcess = new RecordingLog();
        Wait<String> first = scheduler.submit(() -> "r1", op, fast, oldProcess);
        WaitHandle saved = first.handle();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // bounds a hang only
        while (!saved.observed().containsKey(Observation.OVERALL) && System.nanoTime() < until) {
            Thread.sleep(5);
            saved = first.handle();
        }
        first.abandon(); // the old process is gone
        // Still RUNNING when the new process polls (twice: an old poll in flight may take one): already reported.
        op.thenState("RUNNING").thenState("RUNNING").thenDone("SUCCEEDED");
        Wait<String> resumed = scheduler.resume(saved, op, fast, log);
        assertThat(resumed.get(60, TimeUnit.SECONDS)).isEqualTo("SUCCEEDED"); // bounds a hang only
        assertThat(oldProcess.lines).startsWith("job r1: RUNNING");
        assertThat(log.lines).as("the resumed wait reports only what changed since the saved handle")
                .containsExactly("job r1: SUCCEEDED");
    }
}

package io.mlopsbridge.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PollerTest {
    private static final Instant T0 = Instant.parse("2025-05-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final RecordingLog log = new RecordingLog();
    private final WaitPolicy policy = WaitPolicy.withDefaults().withTimeout(Duration.ofHours(1));

    private Poller<String> poller(ScriptedOperation op, WaitPolicy p) {
        return new Poller<>(op, p, log, clock, () -> 0.5); // 0.5 → no jitter
    }

    private WaitHandle pending(PollOutcome<String> outcome) {
        assertThat(outcome).isInstanceOf(PollOutcome.Pending.class);
        return ((PollOutcome.Pending<String>) outcome).handle();
    }

    @Test
    void intervalDoublesWhileNothingChangesUpToTheMaximum() {
        ScriptedOperation op = new ScriptedOperation().thenState("RUNNING");
        Poller<String> poller = poller(op, policy);
        WaitHandle h = WaitHandle.start("r1", policy, clock);
        Duration[] seen = new Duration[6];
        for (int i = 0; i < seen.length; i++) {
            h = pending(poller.pollOnce(h));
            seen[i] = Duration.between(clock.instant(), h.nextPollAt());
            clock.set(h.nextPollAt());
        }
        assertThat(seen).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void aStateChangeResetsTheIntervalAndIsLoggedOnce() {
        ScriptedOperation op = new ScriptedOperation().thenState("PENDING").thenState("PENDING").thenState("PENDING")
                .thenState("RUNNING");
        Poller<String> poller = poller(op, policy);
        WaitHandle h = WaitHandle.start("r1", policy, clock);
        for (int i = 0; i < 3; i++) {
            h = pending(poller.pollOnce(h));
        }
        assertThat(h.interval()).isEqualTo(Duration.ofSeconds(8));
        h = pending(poller.pollOnce(h));
        assertThat(h.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(log.lines).containsExactly("job r1: PENDING", "job r1: RUNNING");
    }

    @Test
    void taskStateChangesAreLoggedAsTheyHappen() {
        ScriptedOperation op = new ScriptedOperation()
                .then(Observation.running(Map.of("", "RUNNING", "task prepare", "RUNNING")))
                .then(Observation.running(Map.of("", "RUNNING", "task prepare", "SUCCEEDED", "task train", "RUNNING")))
                .then(Observation.done("SUCCEEDED", Map.of("", "SUCCEEDED", "task train", "SUCCEEDED")));
        Poller<String> poller = poller(op, policy);
        WaitHandle h = WaitHandle.start("r1", policy, clock);
        h = pending(poller.pollOnce(h));
        h = pending(poller.pollOnce(h));
        assertThat(poller.pollOnce(h)).isEqualTo(new PollOutcome.Finished<>("SUCCEEDED"));
        assertThat(log.lines).containsExactlyInAnyOrder("job r1: RUNNING", "job r1: task prepare RUNNING",
                "job r1: task prepare SUCCEEDED", "job r1: task train RUNNING", "job r1: task train SUCCEEDED",
                "job r1: SUCCEEDED");
    }

    @Test
    void retryAfterLongerThanTheIntervalIsHonoured() {
        ScriptedOperation op = new ScriptedOperation()
                .then(Observation.unavailable("HTTP 429", Duration.ofSeconds(20)));
        WaitHandle h = pending(poller(op, policy).pollOnce(WaitHandle.start("r1", policy, clock)));
        assertThat(h.nextPollAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(h.unavailableSince()).isEqualTo(T0);
    }

    @Test
    void transientFailuresAreRetriedWithOneWarningAndARecoveryLine() {
        ScriptedOperation op = new ScriptedOperation()
                .then(Observation.unavailable("HTTP 503", null))
                .then(Observation.unavailable("connection refused", null))
                .thenDone("SUCCEEDED");
        Poller<String> poller = poller(op, policy);
        WaitHandle h = WaitHandle.start("r1", policy, clock);
        h = pending(poller.pollOnce(h));
        clock.set(h.nextPollAt());
        h = pending(poller.pollOnce(h));
        clock.set(h.nextPollAt());
        assertThat(poller.pollOnce(h)).isEqualTo(new PollOutcome.Finished<>("SUCCEEDED"));
        assertThat(log.lines).containsExactly(
                "WARN job r1: cannot get its state (HTTP 503); will keep trying",
                "job r1: reachable again after 12s",
                "job r1: SUCCEEDED");
    }

    @Test
    void aServerUnreachableLongerThanAllowedEndsTheWaitNamingTheCause() {
        ScriptedOperation op = new ScriptedOperation().then(Observation.unavailable("connection refused", null));
        Poller<String> poller = poller(op, policy.withMaxUnavailable(Duration.ofMinutes(5)));
        WaitHandle h = pending(poller.pollOnce(WaitHandle.start("r1", policy, clock)));
        clock.advance(Duration.ofMinutes(6));
        WaitHandle stale = h;
        assertThatThrownBy(() -> poller.pollOnce(stale))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("job r1: could not get its state for 6m (connection refused)");
                    assertThat(e.kind()).isEqualTo(ErrorKind.REMOTE);
                });
    }

    @Test
    void passingTheDeadlineCancelsTheRemoteWorkAndSaysSo() {
        ScriptedOperation op = new ScriptedOperation().thenState("RUNNING");
        Poller<String> poller = poller(op, policy);
        WaitHandle h = pending(poller.pollOnce(WaitHandle.start("r1", policy, clock)));
        clock.advance(Duration.ofHours(1));
        WaitHandle last = h;
        assertThatThrownBy(() -> poller.pollOnce(last))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(
                            "job r1 did not finish within the timeout of 1h (last state RUNNING); it was terminated");
                    assertThat(e.remoteCode()).contains("DEADLINE_EXCEEDED");
                    assertThat(e.hint()).contains("raise the timeout if the work needs longer");
                });
        assertThat(op.cancelled).containsExactly("r1");
    }

    @Test
    void theLastPollBeforeTheDeadlineIsScheduledAtTheDeadline() {
        ScriptedOperation op = new ScriptedOperation().thenState("RUNNING");
        WaitPolicy shortWait = policy.withTimeout(Duration.ofSeconds(3));
        Poller<String> poller = poller(op, shortWait);
        WaitHandle h = pending(poller.pollOnce(WaitHandle.start("r1", shortWait, clock)));
        clock.set(h.nextPollAt());
        h = pending(poller.pollOnce(h));
        assertThat(h.nextPollAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void aResumedWaitDoesNotRepeatStatesAlreadyReported() {
        ScriptedOperation op = new ScriptedOperation().thenState("RUNNING").thenDone("SUCCEEDED");
        WaitHandle h = pending(poller(op, policy).pollOnce(WaitHandle.start("r1", policy, clock)));
        WaitHandle restored = WaitHandle.fromJson(h.toJson());
        assertThat(poller(op, policy).pollOnce(restored)).isEqualTo(new PollOutcome.Finished<>("SUCCEEDED"));
        assertThat(log.lines).containsExactly("job r1: RUNNING", "job r1: SUCCEEDED");
    }

    @Test
    void aFailureThatRetryingCannotFixEndsTheWaitAsIs() {
        MlopsException gone = MlopsException.remote("KFP run r1 no longer exists", null, "NOT_FOUND", null);
        RemoteOperation<String> op = new RemoteOperation<>() {
            @Override
            public String describe(String id) {
                return "job " + id;
            }

            @Override
            public Observation<String> poll(String id) {
                throw gone;
            }

            @Override
            public void cancel(String id) {
            }
        };
        assertThatThrownBy(() -> new Poller<>(op, policy, log, clock).pollOnce(WaitHandle.start("r1", policy, clock)))
                .isSameAs(gone);
    }
}

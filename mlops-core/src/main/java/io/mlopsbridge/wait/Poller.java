package io.mlopsbridge.wait;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * One step of a wait, with no threads and no state of its own: given a handle, poll once, log what changed, and
 * return either the next handle or the result. {@link WaitScheduler} drives it for the CLI; a Jenkins step calls
 * {@link #pollOnce} from a timer after a controller restart.
 */
public final class Poller<T> {
    private final RemoteOperation<T> operation;
    private final WaitPolicy policy;
    private final BuildLog log;
    private final Clock clock;
    private final DoubleSupplier random;

    public Poller(RemoteOperation<T> operation, WaitPolicy policy, BuildLog log, Clock clock) {
        this(operation, policy, log, clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    Poller(RemoteOperation<T> operation, WaitPolicy policy, BuildLog log, Clock clock, DoubleSupplier random) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = random;
    }

    /**
     * Polls the operation once.
     *
     * @throws MlopsException when the operation failed in a way retrying cannot fix, stayed unreachable longer than
     *                        the policy allows, or did not finish by the deadline (then it is also cancelled if the
     *                        policy says so)
     */
    public PollOutcome<T> pollOnce(WaitHandle handle) {
        return pollOnce(handle, Cancellation.none());
    }

    /** As {@link #pollOnce(WaitHandle)}, with the poll's request cut off when {@code inFlight} is cancelled. */
    public PollOutcome<T> pollOnce(WaitHandle handle, Cancellation inFlight) {
        String name = operation.describe(handle.operationId());
        Observation<T> seen;
        try {
            seen = operation.poll(handle.operationId(), inFlight);
        } catch (MlopsException e) {
            inFlight.throwIfCancelled();
            throw e;
        } catch (RuntimeException e) {
            inFlight.throwIfCancelled();
            throw MlopsException.remote(name + ": polling failed: " + e, null, null, e);
        }
        // Cut off by whoever ended the wait (the deadline timer, an abort): they handle the remote work.
        inFlight.throwIfCancelled();
        Instant now = clock.instant();
        if (seen instanceof Observation.Done<T> done) {
            reportRecovery(name, handle);
            report(name, handle.observed(), done.states());
            return new PollOutcome.Finished<>(done.result());
        }
        if (seen instanceof Observation.Running<T> running) {
            reportRecovery(name, handle);
            Map<String, String> states = merged(handle.observed(), running.states());
            boolean changed = report(name, handle.observed(), running.states());
            requireBeforeDeadline(name, handle, now, states);
            Duration interval = changed ? policy.initialInterval() : policy.grow(handle.interval());
            return pending(handle, now, interval, interval, states, null);
        }
        Observation.Unavailable<T> unavailable = (Observation.Unavailable<T>) seen;
        Instant since = handle.unavailableSinceTime().orElse(now);
        if (handle.unavailableSince() == null) {
            log.warn(name + ": cannot get its state (" + unavailable.reason() + "); will keep trying");
        }
        if (Duration.between(since, now).compareTo(policy.maxUnavailable()) > 0) {
            throw MlopsException.remote(name + ": could not get its state for " + human(Duration.between(since, now))
                            + " (" + unavailable.reason() + ")",
                    "check that the server is up and the URL and credentials are right", "UNAVAILABLE", null);
        }
        requireBeforeDeadline(name, handle, now, handle.observed());
        Duration interval = policy.grow(handle.interval());
        Duration wait = unavailable.retryAfter().filter(r -> r.compareTo(interval) > 0).orElse(interval);
        return pending(handle, now, interval, wait, handle.observed(), since);
    }

    private PollOutcome<T> pending(WaitHandle handle, Instant now, Duration interval, Duration wait,
                                   Map<String, String> observed, Instant unavailableSince) {
        Instant next = now.plus(jittered(wait));
        if (next.isAfter(handle.deadline())) {
            next = handle.deadline(); // one last look exactly at the deadline
        }
        return new PollOutcome.Pending<>(handle.next(next, interval, observed, unavailableSince));
    }

    /** ±10 % so that waits started together (a matrix build) do not poll in lock-step. */
    private Duration jittered(Duration wait) {
        double factor = 0.9 + 0.2 * random.getAsDouble();
        return Duration.ofNanos((long) (wait.toNanos() * factor));
    }

    private void requireBeforeDeadline(String name, WaitHandle handle, Instant now, Map<String, String> states) {
        if (now.isBefore(handle.deadline())) {
            return;
        }
        deadlinePassed(name, handle, states);
    }

    /**
     * The deadline has passed: terminates the remote work when the policy says so and always throws
     * {@code DEADLINE_EXCEEDED}. {@link WaitScheduler} calls it from a timer at the deadline, even while a poll is
     * still waiting for its answer.
     */
    void expire(WaitHandle handle) {
        deadlinePassed(operation.describe(handle.operationId()), handle, handle.observed());
    }

    private void deadlinePassed(String name, WaitHandle handle, Map<String, String> states) {
        String last = Optional.ofNullable(states.get(Observation.OVERALL)).map(s -> " (last state " + s + ")").orElse("");
        String what = name + " did not finish within the timeout of " + human(policy.timeout()) + last;
        if (policy.cancelOnDeadline()) {
            try {
                operation.cancel(handle.operationId());
                log.info(name + ": terminated because the timeout passed");
                what += "; it was terminated";
            } catch (RuntimeException e) {
                what += "; terminating it failed too: " + e.getMessage();
            }
        }
        throw MlopsException.remote(what, "raise the timeout if the work needs longer", "DEADLINE_EXCEEDED", null);
    }

    private void reportRecovery(String name, WaitHandle handle) {
        handle.unavailableSinceTime().ifPresent(since ->
                log.info(name + ": reachable again after " + human(Duration.between(since, clock.instant()))));
    }

    /** Logs each subject whose state is new or changed; returns whether anything changed. */
    private boolean report(String name, Map<String, String> before, Map<String, String> now) {
        boolean changed = false;
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (e.getValue().equals(before.get(e.getKey()))) {
                continue;
            }
            changed = true;
            String subject = e.getKey().equals(Observation.OVERALL) ? "" : e.getKey() + " ";
            log.info(name + ": " + subject + e.getValue());
        }
        return changed;
    }

    private static Map<String, String> merged(Map<String, String> before, Map<String, String> now) {
        Map<String, String> all = new java.util.LinkedHashMap<>(before);
        all.putAll(now);
        return all;
    }

    /** "2h", "15m", "45s" or "250ms": how people write timeouts. */
    static String human(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s >= 3600 ? s / 3600 + "h" + (s % 3600) / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}

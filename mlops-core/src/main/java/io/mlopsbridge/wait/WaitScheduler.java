package io.mlopsbridge.wait;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs any number of waits on a few threads: between polls a wait is only a scheduled task, so a thousand waiting
 * builds cost a thousand timer entries, not a thousand threads. Each poll runs {@link Poller#pollOnce} on a pool
 * thread for the length of one HTTP call (bounded by the client's read timeout).
 */
public final class WaitScheduler implements AutoCloseable {
    /** Polls are short HTTP calls; a few threads keep one slow server from delaying every other wait. */
    public static final int DEFAULT_THREADS = 4;

    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final AtomicInteger active = new AtomicInteger();

    public WaitScheduler(int threads, Clock clock) {
        this.executor = Executors.newScheduledThreadPool(threads, daemonThreads());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The process-wide scheduler, created on first use; its threads are daemons and never block JVM exit. */
    public static WaitScheduler shared() {
        return Shared.INSTANCE;
    }

    /**
     * Submits remote work and starts waiting for it. {@code submit} starts the work and returns its id; its
     * exceptions reach the caller directly, since nothing is running yet.
     */
    public <T> Wait<T> submit(Supplier<String> submit, RemoteOperation<T> operation, WaitPolicy policy, BuildLog log) {
        String id = submit.get();
        return resume(WaitHandle.start(id, policy, clock), operation, policy, log);
    }

    /** Continues a wait from a handle, e.g. one persisted before a restart. */
    public <T> Wait<T> resume(WaitHandle handle, RemoteOperation<T> operation, WaitPolicy policy, BuildLog log) {
        RemoteOperation<T> once = new CancelledOnce<>(operation);
        Wait<T> wait = new Wait<>(once, handle, log);
        Poller<T> poller = new Poller<>(once, policy, log, clock);
        active.incrementAndGet();
        wait.whenComplete((r, e) -> active.decrementAndGet());
        scheduleDeadline(wait, poller, handle);
        schedule(wait, poller, handle);
        return wait;
    }

    /** Waits not yet finished; for tests and benchmarks. */
    public int activeWaits() {
        return active.get();
    }

    private <T> void schedule(Wait<T> wait, Poller<T> poller, WaitHandle handle) {
        try {
            wait.scheduled(executor.schedule(() -> step(wait, poller), handle.delayFrom(clock.instant()).toNanos(),
                    TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            wait.completeExceptionally(MlopsException.remote("waiting for " + wait.describe()
                    + " stopped: the process is shutting down", null, null, e));
        }
    }

    /**
     * The deadline is a timer of its own: a poll still waiting for a slow answer when it passes is cut off, and the
     * remote work is terminated on time rather than after that answer.
     */
    private <T> void scheduleDeadline(Wait<T> wait, Poller<T> poller, WaitHandle handle) {
        try {
            ScheduledFuture<?> deadline = executor.schedule(() -> {
                if (wait.isDone()) {
                    return;
                }
                wait.expireByTimer();
                try {
                    poller.expire(wait.handle());
                } catch (RuntimeException | Error e) {
                    wait.completeExceptionally(e);
                }
            }, handle.deadline().toEpochMilli() - clock.millis(), TimeUnit.MILLISECONDS);
            wait.whenComplete((r, e) -> deadline.cancel(false));
        } catch (RejectedExecutionException e) {
            // shutting down: schedule() below reports it
        }
    }

    private <T> void step(Wait<T> wait, Poller<T> poller) {
        if (wait.isDone() || wait.expiringByTimer()) {
            return;
        }
        Cancellation inFlight = wait.startPoll();
        try {
            PollOutcome<T> outcome = poller.pollOnce(wait.handle(), inFlight);
            if (outcome instanceof PollOutcome.Pending<T> pending) {
                wait.update(pending.handle());
                if (!wait.isDone()) {
                    schedule(wait, poller, pending.handle());
                }
            } else {
                wait.complete(((PollOutcome.Finished<T>) outcome).result());
            }
        } catch (RuntimeException | Error e) {
            if (!inFlight.isCancelled() && !wait.expiringByTimer()) {
                wait.completeExceptionally(e);
            } // else whoever cut the poll off (the deadline timer, a cancel) ends the wait
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "mlops-wait-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static final class Shared {
        static final WaitScheduler INSTANCE = new WaitScheduler(DEFAULT_THREADS, Clock.systemUTC());
    }
}

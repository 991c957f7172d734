package io.mlopsbridge.wait;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A wait in progress on a {@link WaitScheduler}: completes with the operation's result, or exceptionally with an
 * {@link MlopsException}. {@link #cancel(boolean)} terminates the remote work, not just the local wait.
 */
public final class Wait<T> extends CompletableFuture<T> {
    private volatile boolean expiringByTimer;
    private final RemoteOperation<T> operation;
    private final BuildLog log;
    private final AtomicReference<WaitHandle> handle;
    private final AtomicReference<ScheduledFuture<?>> nextPoll = new AtomicReference<>();
    private final AtomicReference<Cancellation> pollInFlight = new AtomicReference<>(Cancellation.none());

    Wait(RemoteOperation<T> operation, WaitHandle handle, BuildLog log) {
        this.operation = operation;
        this.log = log;
        this.handle = new AtomicReference<>(handle);
    }

    /** The latest handle; persist it to resume this wait elsewhere. */
    public WaitHandle handle() {
        return handle.get();
    }

    public String operationId() {
        return handle.get().operationId();
    }

    /** Blocks until finished; returns the result or throws the {@link MlopsException} that ended the wait. */
    public T await() {
        try {
            return get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for " + describe());
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /**
     * Stops polling and terminates the remote work. A failure to terminate is logged as a warning: the local wait
     * still ends, and the warning tells the user the remote work may still be running.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        stopPolling();
        String name = describe();
        try {
            operation.cancel(operationId());
            log.info(name + ": terminated on request");
        } catch (RuntimeException e) {
            log.warn(name + ": could not terminate it, it may still be running: " + e.getMessage());
        }
        return super.cancel(mayInterruptIfRunning);
    }

    /**
     * Stops polling without touching the remote work, for a caller that cleans up itself (an aborted training
     * terminates its run and ends its MLflow run in one place). {@link #await} then throws a CancellationException.
     */
    public void abandon() {
        stopPolling();
        super.cancel(false);
    }

    private void stopPolling() {
        ScheduledFuture<?> next = nextPoll.get();
        if (next != null) {
            next.cancel(false);
        }
        pollInFlight.get().cancel("wait ended");
    }

    /** Dependent stages are plain futures: cancelling them must not terminate the remote work. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    String describe() {
        return operation.describe(operationId());
    }

    void update(WaitHandle next) {
        handle.set(next);
    }

    /** A cancellation for the poll about to be sent, cancelled when the wait ends meanwhile. */
    Cancellation startPoll() {
        Cancellation inFlight = Cancellation.create();
        pollInFlight.set(inFlight);
        if (isDone()) {
            inFlight.cancel("wait ended");
        }
        return inFlight;
    }

    /**
     * The deadline timer has taken over: from now on it alone ends the wait, so a poll that raced it (and may have
     * seen the run already CANCELING from the timer's own terminate) cannot end it with a different account.
     */
    void expireByTimer() {
        expiringByTimer = true;
        pollInFlight.get().cancel("deadline passed");
    }

    boolean expiringByTimer() {
        return expiringByTimer;
    }

    void scheduled(ScheduledFuture<?> future) {
        nextPoll.set(future);
    }

    private static RuntimeException unwrap(Throwable cause) {
        Throwable c = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof RuntimeException r) {
            return r;
        }
        return MlopsException.remote("wait failed: " + c, null, null, c);
    }
}

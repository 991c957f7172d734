package io.mlopsbridge.wait;

import io.mlopsbridge.core.Cancellation;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operation a scheduled wait works on, terminated at most once: at the deadline both the deadline timer and a
 * poll that reaches the deadline on its own may decide to terminate, and an abort may follow; the remote system
 * should see one terminate request, not two.
 *
 * <p>A caller that comes second shares the first one's outcome: it returns only once that terminate request has
 * been answered, and fails as it failed. Returning at once would let the deadline timer end the wait with "it was
 * terminated" (or an abort log "terminated on request") while the poll thread's terminate was still on its way, or
 * had failed.
 */
final class CancelledOnce<T> implements RemoteOperation<T> {
    private final RemoteOperation<T> operation;
    private final AtomicReference<CompletableFuture<Void>> cancelling = new AtomicReference<>();

    CancelledOnce(RemoteOperation<T> operation) {
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    @Override
    public String describe(String operationId) {
        return operation.describe(operationId);
    }

    @Override
    public Observation<T> poll(String operationId) {
        return operation.poll(operationId);
    }

    @Override
    public Observation<T> poll(String operationId, Cancellation inFlight) {
        return operation.poll(operationId, inFlight);
    }

    @Override
    public void cancel(String operationId) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> first = cancelling.compareAndExchange(null, mine);
        if (first == null) {
            try {
                operation.cancel(operationId);
                mine.complete(null);
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            }
            return;
        }
        try {
            first.join(); // bounded by the first caller's HTTP timeouts
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}

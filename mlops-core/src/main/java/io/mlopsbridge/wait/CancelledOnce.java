package io.mlopsbridge.wait;

import io.mlopsbridge.core.Cancellation;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operation a scheduled wait works on, terminated at most once: at the deadline both the deadline timer and a
 * poll that reaches the deadline on its own may decide to terminate, and an abort may follow; the remote system
 * should see one terminate request, not two.
 */
final class CancelledOnce<T> implements RemoteOperation<T> {
    private final RemoteOperation<T> operation;
    private final AtomicBoolean cancelled = new AtomicBoolean();

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
        if (cancelled.compareAndSet(false, true)) {
            operation.cancel(operationId);
        }
    }
}

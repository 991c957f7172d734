package io.mlopsbridge.cli;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Ties the reads and writes of a drift check to the command's cancellation (Ctrl-C, SIGTERM), so that a stop ends the
 * check at once and nothing is written after it. Reads of data are stopped by interrupting the reading thread (the
 * engine's reads end an interrupt as an abort, their threads stopped and files closed); MLflow calls by their client
 * ({@code MlflowClient.cancelledBy}), which cuts off a read in flight and sends nothing once cancelled. A write is
 * begun only while the check is not stopped, and once begun it finishes: a half-uploaded profile would be worse than
 * a late exit. The abort says what had been written by then.
 */
final class CancellableCheck {
    private final Cancellation cancellation;
    private final List<String> written = new ArrayList<>();
    private boolean committed;

    CancellableCheck(Cancellation cancellation) {
        this.cancellation = cancellation;
    }

    /** What {@code reads} returns; throws {@link MlopsException#aborted} when stopped before or while it ran. */
    <T> T read(Supplier<T> reads) {
        Thread reading = Thread.currentThread();
        T value;
        try (Cancellation.Registration interrupt = cancellation.onCancel(reading::interrupt)) {
            value = remote(reads);
        }
        if (cancellation.isCancelled()) {
            throw stopped(null);
        }
        return value;
    }

    /**
     * What {@code calls} (MLflow calls through a cancellable client) returns; a failure once stopped is the stop's
     * doing (a cut-off read, a request refused) and ends the check as stopped. The thread is not interrupted: that
     * could break off a write already sent.
     */
    <T> T remote(Supplier<T> calls) {
        try {
            return calls.get();
        } catch (MlopsException e) {
            if (e.kind() == ErrorKind.ABORTED || cancellation.isCancelled()) {
                throw stopped(e);
            }
            throw e;
        }
    }

    /** Runs {@code write} unless stopped (then throws the abort); {@code what} names it in a later abort. */
    void write(String what, Runnable write) {
        if (cancellation.isCancelled() && !committed) {
            throw stopped(null);
        }
        write.run();
        written.add(what);
    }

    /**
     * Records a write that must be reported, made inside a {@link #remote} call (a retraining trigger): the outputs
     * that carry it are then written even after a stop, or the trigger would be lost to the pipeline that acts on it.
     */
    void commit(String what) {
        written.add(what);
        committed = true;
    }

    private MlopsException stopped(Throwable cause) {
        Thread.interrupted(); // the interrupt was ours, and has done its job
        String why = cancellation.reason().orElse("interrupted");
        return MlopsException.aborted(written.isEmpty()
                ? "drift check stopped (" + why + ") while reading; no profile or report was written"
                : "drift check stopped (" + why + ") after writing " + String.join(", ", written)
                        + "; nothing else was written", cause);
    }
}

package io.mlopsbridge.cli;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import java.util.function.Supplier;

/**
 * Runs the reads of a drift check so that Ctrl-C or SIGTERM stops them: the cancel interrupts the reading thread (the
 * engine's reads end an interrupt as an abort, their threads stopped and files closed), and a cancel that came
 * between two reads or after the last one ends the check too. Either way it ends before anything is written.
 */
final class CancellableReads {
    private final Cancellation cancellation;

    CancellableReads(Cancellation cancellation) {
        this.cancellation = cancellation;
    }

    /** What {@code reads} returns; throws {@link MlopsException#aborted} when cancelled before or while it ran. */
    <T> T run(Supplier<T> reads) {
        Thread reading = Thread.currentThread();
        T value;
        try (Cancellation.Registration interrupt = cancellation.onCancel(reading::interrupt)) {
            value = reads.get();
        } catch (MlopsException e) {
            throw e.kind() == ErrorKind.ABORTED ? stopped(e) : e;
        }
        if (cancellation.isCancelled()) {
            throw stopped(null);
        }
        return value;
    }

    private MlopsException stopped(Throwable cause) {
        Thread.interrupted(); // the interrupt was ours, and has done its job
        return MlopsException.aborted("drift check stopped (" + cancellation.reason().orElse("interrupted")
                + ") while reading; no profile or report was written", cause);
    }
}

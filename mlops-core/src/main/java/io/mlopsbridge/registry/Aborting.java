package io.mlopsbridge.registry;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.MlopsException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a registry operation (register, promote, rollback) ends when it is cancelled: as
 * {@link MlopsException#aborted} with one line saying what it leaves in MLflow, e.g.
 * {@code cancelled (SIGTERM); fraud-detector@champion not moved}. The operation keeps that line true as it writes
 * ({@link #leaves}), checks between its phases ({@link #check}), and runs its reads through {@link #run}, where a read
 * cut off by the cancel ends as the abort rather than as a remote error. At {@link #commit} it passes the last check:
 * the alias move that follows is finished whatever comes (a move and its record cannot half-happen), and a failure
 * of it is its own, never reported as the abort.
 */
final class Aborting {
    private final Cancellation cancellation;
    private volatile String leaves;
    private volatile boolean committed;

    /** {@code leaves}: what exists when it stops now, e.g. {@code no version of fraud-detector was registered}. */
    Aborting(Cancellation cancellation, String leaves) {
        this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
        this.leaves = Objects.requireNonNull(leaves, "leaves");
    }

    /** Says what a stop from now on leaves, once a write changed it. */
    void leaves(String what) {
        this.leaves = Objects.requireNonNull(what, "what");
    }

    /**
     * What the operation leaves when it stops now, in the aborted line's words: also what to say when it fails
     * after a write for a reason of its own (a gate report that could not be written once the version existed).
     */
    String whatIsLeft() {
        return leaves;
    }

    /** A phase boundary: ends the operation as aborted when it is cancelled. */
    void check() {
        if (cancellation.isCancelled()) {
            throw aborted(null);
        }
    }

    /** The last {@link #check}: from here the operation runs to its end, cancelled or not. */
    void commit() {
        check();
        committed = true;
    }

    /** Runs {@code work}; a failure while cancelled and before {@link #commit} is the abort. */
    <T> T run(Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (cancellation.isCancelled() && !committed) {
                throw aborted(e);
            }
            throw e;
        }
    }

    private MlopsException aborted(Throwable cause) {
        // The same words as Cancellation.throwIfCancelled, followed by what is left.
        return MlopsException.aborted("cancelled (" + cancellation.reason().orElse("") + "); " + leaves, cause);
    }
}

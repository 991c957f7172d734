package io.mlopsbridge.drift.input;

import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.function.Supplier;

/**
 * What a drift read throws when its thread is interrupted: an abort (a Jenkins step's {@code stop()}, the CLI's
 * Ctrl-C or SIGTERM), never an input error, so each front end ends it as it ends every abort (docs/architecture.md).
 */
public final class ReadInterrupted {
    private ReadInterrupted() {
    }

    /** The exception to throw; the thread's interrupt is set again, for the caller to act on too. */
    public static MlopsException abort() {
        Thread.currentThread().interrupt();
        return MlopsException.aborted("reading was interrupted", null);
    }

    /**
     * What to throw for {@code e}: an abort when it is an interrupt in disguise (a file channel closed by the
     * interrupt, as every read of a file on the reading thread is), else {@code otherwise}'s error.
     */
    public static MlopsException or(IOException e, Supplier<MlopsException> otherwise) {
        return e instanceof ClosedByInterruptException || e instanceof InterruptedIOException ? abort()
                : otherwise.get();
    }

    /**
     * Throws the abort when this thread was interrupted after its last read (while comparing), which no read noticed:
     * the callers of a check write its profile and reports, which a stopped check must not leave.
     */
    public static void throwIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw MlopsException.aborted("the drift check was interrupted", null);
        }
    }
}

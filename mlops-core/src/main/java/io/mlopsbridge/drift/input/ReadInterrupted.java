package io.mlopsbridge.drift.input;

import io.mlopsbridge.core.MlopsException;

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
}

package io.jenkins.plugins.mlops;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import java.nio.channels.ClosedByInterruptException;

/**
 * Tells an abort from a failure when the abort arrives in disguise. Jenkins ends a Freestyle build ABORTED only when
 * the {@link InterruptedException} that {@code Executor.interrupt} causes reaches it ({@code Run.execute}); an
 * {@code AbortException} ends it FAILED. On the built-in node a build step's {@code FilePath.act} runs the agent's
 * callable on the executor thread itself, so the interrupt meets the engine's own work there: a drift read ends it as
 * an ABORTED {@link MlopsException} ({@code ReadInterrupted}), and other calls may wrap it as their cause.
 */
public final class AbortedStep {
    private AbortedStep() {
    }

    /**
     * Throws an InterruptedException (with {@code failure} as its cause) when {@code failure} is an abort: an ABORTED
     * engine error, an interrupt among its causes, or any failure while this thread's interrupt is set (the build was
     * aborted, whatever the failure looks like). Returns otherwise, for the caller to fail the step.
     */
    public static void rethrowIfAborted(Throwable failure) throws InterruptedException {
        // Thread.interrupted() clears the flag: the InterruptedException now carries the abort, as one thrown does.
        if (Thread.interrupted() || isAbort(failure)) {
            InterruptedException abort = new InterruptedException("aborted: " + failure.getMessage());
            abort.initCause(failure);
            throw abort;
        }
    }

    private static boolean isAbort(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MlopsException e && e.kind() == ErrorKind.ABORTED
                    || t instanceof InterruptedException || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }
}

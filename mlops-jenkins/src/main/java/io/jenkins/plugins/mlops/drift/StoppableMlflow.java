package io.jenkins.plugins.mlops.drift;

import io.jenkins.plugins.mlops.InterruptibleWork;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.mlflow.MlflowClient;
import java.io.IOException;

/**
 * The MLflow calls of one drift check, tied to the step's stop. Jenkins stops a check by interrupting the thread that
 * runs it (the step's {@code stop()}, a Freestyle abort), but an interrupt does not reach a thread blocked in a socket
 * read: a hung MLflow would hold the stopped check for its read timeout, once per retry. So each call runs on a thread
 * of its own while the check's thread waits, and an interrupt of the waiting thread cancels the check's
 * {@link Cancellation}: a read in flight is cut off ({@link #reads()} is the client's {@code cancelledBy}), nothing
 * more is sent, and the check ends as stopped (an InterruptedException) once the call's thread has ended.
 * <p>
 * A write (the profile's upload, the retraining trigger's tag) is begun only while not stopped and, once begun, never
 * cut off: it goes through the plain client, and its thread is never interrupted (an interrupt would break off the
 * upload's body). A profile cut off half-way could replace the version's good one, and a trigger cut off might be
 * recorded while nobody is told.
 */
final class StoppableMlflow {
    private final MlflowClient client;
    private final Cancellation cancellation = Cancellation.create();
    private MlflowClient reads;

    StoppableMlflow(MlflowClient client) {
        this.client = client;
    }

    /** The client for reads: a stop cuts off the one in flight and sends nothing more. */
    MlflowClient reads() {
        if (reads == null) {
            reads = client.cancelledBy(cancellation);
        }
        return reads;
    }

    /** The client for writes, which a stop never cuts off once sent. */
    MlflowClient writes() {
        return client;
    }

    /** Cancelled by the check's stop, for engine calls that tie their own reads and writes to it. */
    Cancellation cancellation() {
        return cancellation;
    }

    /**
     * What {@code call} returns, run on its own thread ({@link InterruptibleWork}). Throws an InterruptedException
     * naming {@code what} when the check was stopped before it began (then it is not begun) or while it ran (then once
     * its thread has ended, so that nothing of the check runs on when its scratch files are deleted next; the cut-off
     * read, if any, is its cause).
     */
    <T> T call(String what, InterruptibleWork.Work<T> call) throws IOException, InterruptedException {
        if (Thread.interrupted() || cancellation.isCancelled()) {
            throw new InterruptedException("checkDrift was stopped before " + what);
        }
        return InterruptibleWork.run("checkDrift: " + what, cancellation, call, (stop, failure) -> {
            Thread.interrupted(); // a further interrupt: stopped already, the exception says all there is to say
            InterruptedException stopped = new InterruptedException("checkDrift was stopped during " + what);
            stopped.initCause(failure);
            return stopped;
        });
    }
}

package io.jenkins.plugins.mlops.drift;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.mlflow.MlflowClient;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

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
    /** One MLflow call, with what the check does around it (copying profiles to or from the workspace). */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException, InterruptedException;
    }

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
     * What {@code call} returns, run on its own thread. Throws an InterruptedException naming {@code what} when the
     * check was stopped before it began (then it is not begun) or while it ran (then once it has ended).
     */
    <T> T call(String what, Call<T> call) throws IOException, InterruptedException {
        if (Thread.interrupted() || cancellation.isCancelled()) {
            throw new InterruptedException("checkDrift was stopped before " + what);
        }
        FutureTask<T> task = new FutureTask<>(call::run);
        Thread thread = new Thread(task, "checkDrift: " + what);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException stop) {
            cancellation.cancel("the build was aborted");
            InterruptedException stopped = new InterruptedException("checkDrift was stopped during " + what);
            stopped.initCause(outcome(task));
            throw stopped;
        }
    }

    /**
     * Waits, whatever interrupts come, for the cancelled call's thread to end, so that nothing of the check runs on
     * once it has ended (the scratch files are deleted next); returns its failure, the cut-off read, if any.
     */
    private static Throwable outcome(FutureTask<?> task) {
        while (true) {
            try {
                task.get();
                return null;
            } catch (InterruptedException again) {
                // Stopped already: the interrupt has nothing more to say.
            } catch (ExecutionException e) {
                return e.getCause();
            }
        }
    }

    private static IOException unwrap(Throwable failure) throws InterruptedException {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof InterruptedException interrupted) {
            throw interrupted;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(failure);
    }
}

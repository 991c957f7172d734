package io.jenkins.plugins.mlops;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Blocking engine work on a thread that Jenkins stops by interrupting it: a Freestyle build's executor, a Pipeline
 * step's thread after {@code stop()}, or, on an agent, the thread remoting interrupts when the controller cancels the
 * call. The engine does not watch thread interrupts (it could not kill a process tree or put an alias back from one,
 * and an interrupt does not reach a thread blocked in a socket read); it watches a {@link Cancellation}. So the work
 * runs on a daemon thread of its own while the interrupted thread only waits for it; an interrupt of the waiting
 * thread cancels the work's Cancellation and waits, whatever further interrupts come, for the work's thread to end
 * (its cleanup: the process tree killed, the alias restored, the read cut off), and then the caller says what
 * happened. A further interrupt that came meanwhile is kept as the thread's interrupt flag. The work's own thread is
 * never interrupted: that could break off a write half-way (an upload's body), which the engine lets finish.
 */
public final class InterruptibleWork {
    /** The work; it watches the Cancellation given with it, not interrupts. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException, InterruptedException;
    }

    /** What an interrupt becomes once the cancelled work has ended. */
    @FunctionalInterface
    public interface Interrupted {
        /**
         * The exception the waiting thread throws. {@code failure} is how the cancelled work ended (its abort report,
         * the read that was cut off), or null when it finished before it saw the cancel.
         */
        InterruptedException ended(InterruptedException interrupt, Throwable failure);
    }

    /** What an interrupt becomes once the cancelled work has ended, for work whose result an abort must undo. */
    @FunctionalInterface
    public interface InterruptedAfter<T> {
        /**
         * The exception the waiting thread throws. {@code finished} is what the work returned when it finished before
         * it saw the cancel (for the caller to undo: a run it created), else null; {@code failure} is how the
         * cancelled work ended otherwise.
         */
        InterruptedException ended(InterruptedException interrupt, T finished, Throwable failure);
    }

    private InterruptibleWork() {
    }

    /**
     * The usual ending of an interrupted operation: one {@code aborted: …} line on {@code log} saying what the
     * engine cleaned up (its abort report), and the interrupt rethrown. {@code operation} names it in the other
     * cases, e.g. {@code the deployment had already finished; it stays}.
     */
    public static Interrupted reportingTo(BuildLog log, String operation) {
        return (interrupt, failure) -> {
            log.warn("aborted: " + cleanedUp(failure, operation));
            return interrupt;
        };
    }

    private static String cleanedUp(Throwable failure, String operation) {
        if (failure == null) {
            return operation + " had already finished; it stays";
        }
        if (failure instanceof MlopsException m && m.kind() == ErrorKind.ABORTED) {
            return m.getMessage();
        }
        return operation + " failed while it was being aborted: " + failure.getMessage();
    }

    /**
     * What {@code work} returns, run on a thread named {@code threadName}; its failure is rethrown as it was thrown.
     * An interrupt of the calling thread cancels {@code cancellation} (the one the work watches) and throws what
     * {@code interrupted} makes of it once the work's thread has ended.
     */
    public static <T> T run(String threadName, Cancellation cancellation, Work<T> work, Interrupted interrupted)
            throws IOException, InterruptedException {
        return run(threadName, cancellation, work, (InterruptedAfter<T>) (interrupt, finished, failure) ->
                interrupted.ended(interrupt, failure));
    }

    /**
     * {@link #run(String, Cancellation, Work, Interrupted)}, where an interrupt is also given what the work returned
     * if it finished before it saw the cancel.
     */
    public static <T> T run(String threadName, Cancellation cancellation, Work<T> work,
                            InterruptedAfter<T> interrupted) throws IOException, InterruptedException {
        FutureTask<T> task = new FutureTask<>(work::run);
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (InterruptedException interrupt) {
            cancellation.cancel("the build was aborted");
            Ended<T> ended = onceEnded(task);
            throw interrupted.ended(interrupt, ended.finished(), ended.failure());
        }
    }

    /** How the cancelled work ended: what it returned, or its failure. */
    private record Ended<T>(T finished, Throwable failure) {
    }

    /** Waits, whatever interrupts come, for the cancelled work's thread to end. */
    private static <T> Ended<T> onceEnded(FutureTask<T> task) {
        boolean interruptedAgain = false;
        try {
            while (true) {
                try {
                    return new Ended<>(task.get(), null);
                } catch (InterruptedException again) {
                    interruptedAgain = true;
                } catch (ExecutionException e) {
                    return new Ended<>(null, e.getCause());
                }
            }
        } finally {
            if (interruptedAgain) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The work's own failure, thrown on the waiting thread as the work threw it. Not shared with the engine's
     * {@code Wait}, which ends a wait on any other failure as a remote MlopsException: a step passes its IOException
     * and InterruptedException on as Jenkins expects them.
     */
    private static IOException rethrown(Throwable failure) throws InterruptedException {
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

package io.mlopsbridge.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * Runs a write that must not be cut off half-way by an interrupt of the calling thread (a Jenkins abort interrupts
 * the executor thread). OkHttp fails an interrupted call wherever it is: maybe before the request was sent, maybe
 * after the server acted on it, and the caller cannot tell which (a run created whose id is lost, a run left
 * RUNNING). So the write runs on a thread of its own and the caller waits for it whatever interrupts come; the
 * interrupt is then set again on the calling thread, and the outcome says whether there was one, for the caller to
 * finish as an abort.
 */
public final class InterruptShield {
    /** What the write returned, and whether the calling thread was interrupted before or while it ran. */
    public record Outcome<T>(T value, boolean interrupted) {
    }

    private InterruptShield() {
    }

    /** Runs {@code write} to its end; its exception, if it throws, comes back with the interrupt still set. */
    public static <T> Outcome<T> call(String name, Supplier<T> write) {
        boolean interrupted = Thread.interrupted();
        FutureTask<T> task = new FutureTask<>(write::get);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        try {
            while (true) {
                try {
                    return new Outcome<>(task.get(), interrupted);
                } catch (InterruptedException again) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

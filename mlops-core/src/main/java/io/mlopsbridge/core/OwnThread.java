package io.mlopsbridge.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * Work on a daemon thread of its own, which the caller waits for to its end whatever interrupts the waiting thread
 * gets: what the work holds is never closed or reused under it. Shared by {@link InterruptShield} (the interrupts are
 * kept from the work) and {@link InterruptOnCancel} (they are passed on to it).
 */
final class OwnThread<T> {
    private final FutureTask<T> task;
    private final Thread thread;

    private OwnThread(String name, Supplier<T> work) {
        this.task = new FutureTask<>(work::get);
        this.thread = new Thread(task, name);
        thread.setDaemon(true);
    }

    static <T> OwnThread<T> start(String name, Supplier<T> work) {
        OwnThread<T> started = new OwnThread<>(name, work);
        started.thread.start();
        return started;
    }

    void interrupt() {
        thread.interrupt();
    }

    /**
     * The work's value and whether the waiting thread was interrupted meanwhile, or the work's exception;
     * {@code onInterrupt} runs for each interrupt of the waiting thread, which is set again before this returns.
     */
    InterruptShield.Outcome<T> await(Runnable onInterrupt) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return new InterruptShield.Outcome<>(task.get(), interrupted);
                } catch (InterruptedException e) {
                    interrupted = true;
                    onInterrupt.run();
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

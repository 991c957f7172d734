package io.mlopsbridge.core;

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
        boolean before = Thread.interrupted();
        try {
            Outcome<T> outcome = OwnThread.start(name, write).await(() -> { });
            return new Outcome<>(outcome.value(), before || outcome.interrupted());
        } finally {
            if (before) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

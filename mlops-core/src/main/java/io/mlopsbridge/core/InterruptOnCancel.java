package io.mlopsbridge.core;

import java.util.function.Supplier;

/**
 * Runs blocking reads that end at a thread interrupt but know nothing of {@link Cancellation} (fabric8's
 * KubernetesClient waits for each answer on a future, and an interrupt ends the wait; closing the client does not)
 * so that a cancel cuts them off: the reads run on a thread of their own, which a cancel interrupts. Never the
 * caller's thread: a cancel that comes as the reads end must not leave an interrupt on the thread that goes on to
 * write (Jenkins runs the engine on {@code InterruptibleWork}'s thread, the CLI on its main thread). Only for reads:
 * a write cut off by an interrupt may or may not have reached the server.
 */
public final class InterruptOnCancel {
    private InterruptOnCancel() {
    }

    /**
     * Runs {@code reads} to their end, or until a cancel (or an interrupt of the calling thread, passed on to them)
     * ends them with whatever exception they throw when interrupted; that exception is thrown here, and the caller
     * words it as the abort. Waits for the reads' thread to end either way, so nothing they use is closed under them.
     */
    public static <T> T call(String name, Cancellation cancellation, Supplier<T> reads) {
        OwnThread<T> thread = OwnThread.start(name, reads);
        try (Cancellation.Registration stop = cancellation.onCancel(thread::interrupt)) {
            return thread.await(thread::interrupt).value();
        }
    }
}

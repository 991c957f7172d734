package io.mlopsbridge.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one way to abort a long operation (Ctrl-C, SIGTERM, a Jenkins {@code stop()}). One per operation and
 * thread-safe: the front end calls {@link #cancel}; the engine checks {@link #throwIfCancelled} between phases and
 * registers cleanups ({@link #onCancel}) for what cannot wait for the next check: in-flight HTTP reads
 * ({@code HttpStack.cancellable}), a local process, a wait between polls.
 */
public final class Cancellation {
    private static final Cancellation NONE = new Cancellation(false);

    private final boolean cancellable;
    private final Set<Runnable> actions = new LinkedHashSet<>();
    private String reason;

    private Cancellation(boolean cancellable) {
        this.cancellable = cancellable;
    }

    public static Cancellation create() {
        return new Cancellation(true);
    }

    /** Never cancelled, for callers with no way to abort; {@link #cancel} on it does nothing. */
    public static Cancellation none() {
        return NONE;
    }

    /**
     * Cancels: the first call records {@code reason} and runs every registered action, newest first (the innermost
     * work is stopped before what contains it); later calls do nothing. An action that throws does not stop the
     * others.
     */
    public void cancel(String reason) {
        List<Runnable> toRun;
        synchronized (this) {
            if (!cancellable || this.reason != null) {
                return;
            }
            this.reason = reason == null || reason.isBlank() ? "cancelled" : reason;
            toRun = new ArrayList<>(actions);
            actions.clear();
        }
        Collections.reverse(toRun);
        for (Runnable action : toRun) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // A failed cleanup must not keep the others from running; the operation reports what it could not undo.
            }
        }
    }

    public synchronized boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled, e.g. {@code SIGTERM}; empty while not cancelled. */
    public synchronized Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** Throws {@link MlopsException#aborted} (kind ABORTED) when cancelled; the operation's phase boundary. */
    public void throwIfCancelled() {
        Optional<String> why = reason();
        if (why.isPresent()) {
            throw aborted(why.get(), null);
        }
    }

    /**
     * What {@code work} returns. A failure of it once this is cancelled is the abort, in the words of
     * {@link #throwIfCancelled} (it is a read the cancel cut off, or work the cancel made pointless), not a remote
     * error; any other failure is rethrown as it is. For the reads an operation makes before it writes anything.
     */
    public <T> T abortingOnCancel(Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException failure) {
            Optional<String> why = reason();
            if (why.isPresent()) {
                throw aborted(why.get(), failure);
            }
            throw failure;
        }
    }

    private static MlopsException aborted(String why, Throwable cause) {
        return MlopsException.aborted("cancelled (" + why + ")", cause);
    }

    /**
     * Runs {@code action} on cancel, or at once (on this thread) when already cancelled. Closing the returned
     * registration unregisters it, so a finished phase leaves nothing behind.
     */
    public Registration onCancel(Runnable action) {
        synchronized (this) {
            if (reason == null) {
                if (cancellable) {
                    actions.add(action);
                }
                return () -> {
                    synchronized (Cancellation.this) {
                        actions.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> { };
    }

    /** An {@link AutoCloseable} whose close cannot fail, for try-with-resources around a phase. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}

package io.mlopsbridge.drift.input;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The threads of one read (reader, parsers, the parts of a partitioned read), remembered so that a read that ends, an
 * abort too, can wait for them: it then leaves no thread running and its files closed. A Jenkins step aborted on an
 * agent may have its workspace wiped next, and an open file keeps it from being deleted on Windows.
 */
public final class ReadThreads {
    /** How long {@link #join} waits in all: a chunk's parse takes milliseconds. */
    private static final long JOIN_MILLIS = 10_000;

    /** Every thread made here; a terminated pool's last thread may still be exiting, so they are joined one by one. */
    private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();

    /** A daemon thread (not started) named {@code name}. */
    public Thread newThread(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    /** A pool of {@code count} daemon threads, the n-th (from 1) named {@code name.apply(n)}. */
    public ExecutorService fixedPool(int count, IntFunction<String> name) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(count, body -> newThread(body, name.apply(n.incrementAndGet())));
    }

    /**
     * Waits for every thread made here to end; the owner has stopped them first (interrupt, {@code shutdownNow}). The
     * caller's interrupt is kept for it to act on.
     */
    public void join() {
        boolean interrupted = Thread.interrupted();
        // Bounded: a thread that does not end (a read blocked on a stalled mount) must not hold the abort up.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        try {
            for (Thread thread : threads) {
                thread.join(remainingMillis(deadline));
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** At least 1: {@code join(0)} would wait for ever. */
    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}

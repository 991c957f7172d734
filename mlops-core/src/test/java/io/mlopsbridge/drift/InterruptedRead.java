package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A drift read run on a thread of its own, as a Jenkins step runs it, and interrupted from the test's thread (as
 * {@code stop()} or the CLI's signal handler does) once a hook in the read has counted {@code reached} down.
 */
record InterruptedRead(Throwable failure, double secondsToEnd) {
    /** What the read does; it must end by throwing. */
    interface Body {
        void run() throws Exception;
    }

    static InterruptedRead of(Body body, CountDownLatch reached) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread checking = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "drift check under test");
        checking.start();
        while (!reached.await(50, TimeUnit.MILLISECONDS)) {
            assertThat(checking.isAlive()).as("the read got where it is interrupted; it ended with %s",
                    failure.get()).isTrue();
        }
        long interrupted = System.nanoTime();
        checking.interrupt();
        checking.join(TimeUnit.SECONDS.toMillis(60));
        double seconds = (System.nanoTime() - interrupted) / 1e9;
        assertThat(checking.isAlive()).as("the check ended after the interrupt").isFalse();
        assertThat(failure.get()).as("the check's failure").isNotNull();
        return new InterruptedRead(failure.get(), seconds);
    }

    /** The read's threads alive now (all are named mlops-drift-…). */
    static List<Thread> driftThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("mlops-drift-")).toList();
    }

    /** The names of {@code threads} still alive. */
    static List<String> stillRunning(List<Thread> threads) {
        return threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}

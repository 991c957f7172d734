package io.jenkins.plugins.mlops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** What a thread waiting on {@link InterruptibleWork} sees: the work's result or failure, or an abort after cleanup. */
class InterruptibleWorkTest {
    /** Far above anything here takes; only a broken wait reaches it. */
    private static final Duration LIVENESS = Duration.ofSeconds(10);

    private static final InterruptibleWork.Interrupted NOT_INTERRUPTED = (interrupt, failure) -> {
        throw new AssertionError("the waiting thread was not interrupted", interrupt);
    };

    @Test
    void returnsWhatTheWorkReturns() throws Exception {
        String version = InterruptibleWork.run("deployModel fraud-detector", Cancellation.create(),
                () -> "fraud-detector version 7", NOT_INTERRUPTED);

        assertThat(version).isEqualTo("fraud-detector version 7");
    }

    @Test
    void rethrowsTheWorksFailureAsItWasThrown() {
        IOException unreachable = new IOException("MLflow at http://mlflow.internal:5000 answered 503");

        assertThatThrownBy(() -> InterruptibleWork.run("checkDrift: the profile's upload", Cancellation.create(),
                () -> {
                    throw unreachable;
                }, NOT_INTERRUPTED)).isSameAs(unreachable);
    }

    @Test
    void anInterruptCancelsTheWorkAndThrowsWhatTheCallerMakesOfHowTheWorkEnded() throws Exception {
        Cancellation cancellation = Cancellation.create();
        MlopsException rolledBack = MlopsException.aborted("rollout of models/fraud-detector stopped; alias prod"
                + " points to version 6 again", null);
        Waiter waiter = new Waiter(cancellation, () -> {
            awaitCancel(cancellation);
            throw rolledBack;
        }, (interrupt, failure) -> {
            InterruptedException stopped = new InterruptedException("stopped during the rollout");
            stopped.initCause(failure);
            return stopped;
        });

        waiter.thread.interrupt();
        waiter.join();

        assertThat(cancellation.reason()).hasValue("the build was aborted");
        assertThat(waiter.thrown.get()).isInstanceOf(InterruptedException.class)
                .hasMessage("stopped during the rollout").hasCause(rolledBack);
    }

    @Test
    void anInterruptGivesTheCallerWhatTheWorkReturnedWhenItFinishedBeforeItSawTheCancel() throws Exception {
        Cancellation cancellation = Cancellation.create();
        AtomicReference<String> toUndo = new AtomicReference<>();
        Waiter waiter = new Waiter(() -> InterruptibleWork.run("trainModel: submit to Kubeflow Pipelines",
                cancellation, () -> {
                    awaitCancel(cancellation); // the run's create was answered just as the build was aborted
                    return "KFP run 5b1c7e2a-9d4f-4c1e-8a3b-6f0d2e9c1a47";
                }, (interrupt, finished, failure) -> {
                    toUndo.set(finished);
                    return interrupt;
                }));

        waiter.thread.interrupt();
        waiter.join();

        assertThat(toUndo).hasValue("KFP run 5b1c7e2a-9d4f-4c1e-8a3b-6f0d2e9c1a47");
        assertThat(waiter.thrown.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void aSecondInterruptDoesNotCutTheCleanupShortAndIsKeptAsTheInterruptFlag() throws Exception {
        Cancellation cancellation = Cancellation.create();
        CountDownLatch cleanupMayEnd = new CountDownLatch(1);
        AtomicBoolean cleanedUp = new AtomicBoolean();
        AtomicBoolean cleanedUpWhenTheWaitEnded = new AtomicBoolean();
        Waiter waiter = new Waiter(cancellation, () -> {
            awaitCancel(cancellation);
            cleanupMayEnd.await(); // the process tree still being killed
            cleanedUp.set(true);
            return null;
        }, (interrupt, failure) -> {
            cleanedUpWhenTheWaitEnded.set(cleanedUp.get());
            return interrupt;
        });
        waiter.thread.interrupt();
        awaitTrue(cancellation::isCancelled);

        waiter.thread.interrupt();
        // Taken by the waiting thread, which then waits again (or, were it cut short, has ended).
        awaitTrue(() -> !waiter.thread.isInterrupted() || !waiter.thread.isAlive());
        awaitTrue(() -> waiter.thread.getState() == Thread.State.WAITING || !waiter.thread.isAlive());

        assertThat(waiter.thread.isAlive()).as("still waiting for the cleanup").isTrue();
        cleanupMayEnd.countDown();
        waiter.join();
        assertThat(cleanedUpWhenTheWaitEnded).as("cleaned up when the wait ended").isTrue();
        assertThat(waiter.interruptFlagWhenItEnded).as("the second interrupt kept as the flag").isTrue();
    }

    /** The executor's call to {@link InterruptibleWork}. */
    @FunctionalInterface
    private interface Waiting {
        void run() throws Exception;
    }

    /** A thread waiting on the work, as a build's executor does (started at once), and how its wait ended. */
    private static final class Waiter {
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final AtomicBoolean interruptFlagWhenItEnded = new AtomicBoolean();
        final Thread thread;

        Waiter(Cancellation cancellation, InterruptibleWork.Work<Object> work,
               InterruptibleWork.Interrupted interrupted) {
            this(() -> InterruptibleWork.run("deployModel fraud-detector", cancellation, work, interrupted));
        }

        Waiter(Waiting waiting) {
            thread = new Thread(() -> {
                try {
                    waiting.run();
                } catch (Throwable t) {
                    thrown.set(t);
                } finally {
                    interruptFlagWhenItEnded.set(Thread.currentThread().isInterrupted());
                }
            }, "executor of fraud-detector #42");
            thread.start();
        }

        void join() throws InterruptedException {
            thread.join(LIVENESS.toMillis());
            assertThat(thread.isAlive()).as("the wait ended within %s", LIVENESS).isFalse();
        }
    }

    private static void awaitCancel(Cancellation cancellation) throws InterruptedException {
        CountDownLatch cancelled = new CountDownLatch(1);
        cancellation.onCancel(cancelled::countDown);
        cancelled.await();
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIVENESS.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("reached within %s", LIVENESS).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}

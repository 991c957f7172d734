package io.jenkins.plugins.mlops.deploy;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * Blocking engine work (a local model server's life, a rollout waited for on the engine's scheduler) whose waiting
 * thread Jenkins aborts by interrupting it: a Freestyle build's executor thread, or, on an agent, the thread remoting
 * interrupts when the controller cancels the call. The engine does not watch thread interrupts (it could not stop a
 * child process or put an alias back from one); it watches a {@link Cancellation}. So the work runs on its own
 * thread, and an interrupt of the waiting thread cancels it, waits until the engine has cleaned up (process tree
 * killed, cluster objects and alias restored), logs what was undone and rethrows the interrupt.
 */
final class AbortOnInterrupt {
    private AbortOnInterrupt() {
    }

    static <T> T run(Function<Cancellation, T> work, String name, BuildLog log) throws InterruptedException {
        Cancellation cancellation = Cancellation.create();
        FutureTask<T> task = new FutureTask<>(() -> work.apply(cancellation));
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        } catch (InterruptedException interrupt) {
            cancellation.cancel("the build was aborted");
            log.warn("aborted: " + cleanedUp(task));
            throw interrupt;
        }
    }

    /** Waits, whatever interrupts come, for the cancelled work to finish its cleanup; says what it undid. */
    private static String cleanedUp(FutureTask<?> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return "the deployment had already finished; it stays";
                } catch (InterruptedException again) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof MlopsException m && m.kind() == ErrorKind.ABORTED) {
                        return m.getMessage();
                    }
                    return "the deployment failed while it was being aborted: " + e.getCause().getMessage();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RuntimeException unwrap(ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e.getCause());
    }
}

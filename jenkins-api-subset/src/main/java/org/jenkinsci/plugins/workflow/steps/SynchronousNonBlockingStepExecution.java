package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

public abstract class SynchronousNonBlockingStepExecution<T> extends StepExecution {
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** As upstream: one shared cached pool of daemon threads for every such step. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, SynchronousNonBlockingStepExecution.class.getName() + " [#"
                + THREADS.incrementAndGet() + "]");
        thread.setDaemon(true);
        return thread;
    });

    // As upstream: stop() interrupts the thread running run(), and the failure that run() then ends with is not
    // reported, since stop() has already ended the step with its cause.
    private transient volatile Future<?> task;
    private transient volatile Throwable stopCause;

    protected SynchronousNonBlockingStepExecution(@NonNull StepContext context) {
        super(context);
    }

    protected abstract T run() throws Exception;

    @Override
    public final boolean start() throws Exception {
        task = POOL.submit(() -> {
            T result;
            try {
                result = run();
            } catch (Throwable failure) {
                if (stopCause == null) {
                    getContext().onFailure(failure);
                } else {
                    stopCause.addSuppressed(failure);
                }
                return;
            }
            getContext().onSuccess(result);
        });
        return false;
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        if (task != null) {
            stopCause = cause;
            task.cancel(true);
        }
        super.stop(cause);
    }
}

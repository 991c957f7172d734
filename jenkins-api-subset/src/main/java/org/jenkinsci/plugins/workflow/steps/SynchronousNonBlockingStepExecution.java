package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    protected SynchronousNonBlockingStepExecution(@NonNull StepContext context) {
        super(context);
    }

    protected abstract T run() throws Exception;

    @Override
    public final boolean start() throws Exception {
        POOL.submit(() -> {
            T result;
            try {
                result = run();
            } catch (Throwable failure) {
                getContext().onFailure(failure);
                return;
            }
            getContext().onSuccess(result);
        });
        return false;
    }
}

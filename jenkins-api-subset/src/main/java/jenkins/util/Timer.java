package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

public class Timer {
    private static ScheduledExecutorService executorService;

    Timer() {
    }

    /** A real scheduled pool of daemon threads, as in Jenkins (which sizes it at 10). */
    public static synchronized @NonNull ScheduledExecutorService get() {
        if (executorService == null) {
            AtomicInteger count = new AtomicInteger();
            executorService = new ScheduledThreadPoolExecutor(10, task -> {
                Thread thread = new Thread(task, "jenkins.util.Timer [#" + count.incrementAndGet() + "]");
                thread.setDaemon(true);
                return thread;
            });
        }
        return executorService;
    }

    /** Test-only: a controller restart, as far as the timer goes: every scheduled task is dropped. */
    static synchronized void restart() {
        if (executorService != null) {
            List<Runnable> dropped = executorService.shutdownNow();
            dropped.clear();
            executorService = null;
        }
    }

    /** Test-only: how many threads the pool has started. */
    static synchronized int poolSize() {
        return executorService == null ? 0 : ((ScheduledThreadPoolExecutor) executorService).getPoolSize();
    }
}

package io.mlopsbridge.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops a process and everything it started (a training script's workers, a model server's uvicorn workers).
 * The tree is listed before anything is signalled: once the parent is gone, orphans are re-parented and can no
 * longer be found through it.
 */
public final class ProcessTree {
    private ProcessTree() {
    }

    /** A polite signal (SIGTERM) to the whole tree, then SIGKILL to whatever still runs after {@code grace}. */
    public static void stop(Process process, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long until = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : tree) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                break; // out of grace: forced below
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}

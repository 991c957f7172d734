package io.mlopsbridge.core;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Stops a process and everything it started (a training script's workers, a model server's uvicorn workers).
 * Children are signalled before their parent, and the tree is listed again while it dies: a child started after the
 * first listing would otherwise be re-parented when its parent exits and could no longer be found through it.
 * {@link #stop} returns only once every process it found is gone (or the forced wait ran out), so a caller that
 * reports "stopped" is telling the truth.
 */
public final class ProcessTree {
    /** How long killed processes may take to disappear after SIGKILL (they are being reaped, not running). */
    static final Duration FORCED_EXIT_WAIT = Duration.ofSeconds(10);
    private static final long LOOK_EVERY_MILLIS = 50;

    private ProcessTree() {
    }

    /** Trees being stopped now: a second caller (an abort's cleanup racing the command's own) waits for the first. */
    private static final ConcurrentMap<ProcessHandle, CompletableFuture<Void>> STOPPING = new ConcurrentHashMap<>();

    /**
     * A polite signal (SIGTERM) to the whole tree, then SIGKILL to whatever still runs after {@code grace}. A call
     * made while another thread stops the same process waits for that one to finish: once the root is gone its
     * re-parented children can no longer be found through it, so only the first caller knows the whole tree.
     */
    public static void stop(Process process, Duration grace) {
        ProcessHandle root = process.toHandle();
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = STOPPING.putIfAbsent(root, mine);
        if (running != null) {
            running.join();
            return;
        }
        try {
            stopTree(root, grace);
        } finally {
            STOPPING.remove(root, mine);
            mine.complete(null);
        }
    }

    private static void stopTree(ProcessHandle root, Duration grace) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        refresh(tree, root, ProcessHandle::destroy);
        if (!awaitExit(tree, root, grace, ProcessHandle::destroy)) {
            refresh(tree, root, ProcessHandle::destroyForcibly);
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, root, FORCED_EXIT_WAIT, ProcessHandle::destroyForcibly);
        }
    }

    /** Adds what {@code root} and the living members have started since the last look, signalling the new ones. */
    private static void refresh(Set<ProcessHandle> tree, ProcessHandle root, Consumer<ProcessHandle> signal) {
        Set<ProcessHandle> found = new LinkedHashSet<>(root.descendants().toList());
        for (ProcessHandle member : Set.copyOf(tree)) {
            if (member.isAlive()) {
                member.descendants().forEach(found::add);
            }
        }
        found.removeAll(tree);
        found.forEach(signal); // children first: their parent must not exit before they are known
        tree.addAll(found);
        if (tree.add(root)) {
            signal.accept(root);
        }
    }

    /** True when every process of the tree is gone within {@code limit}; newcomers get {@code signal} too. */
    private static boolean awaitExit(Set<ProcessHandle> tree, ProcessHandle root, Duration limit,
                                     Consumer<ProcessHandle> signal) {
        long until = System.nanoTime() + limit.toNanos();
        while (true) {
            if (tree.stream().noneMatch(ProcessHandle::isAlive)) {
                return true;
            }
            if (System.nanoTime() >= until) {
                return false;
            }
            try {
                Thread.sleep(LOOK_EVERY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            refresh(tree, root, signal);
        }
    }
}

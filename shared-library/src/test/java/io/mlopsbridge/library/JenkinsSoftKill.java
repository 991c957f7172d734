package io.mlopsbridge.library;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Stops a process tree the way Jenkins stops the processes of an aborted {@code sh} step on Linux (durable-task's
 * controller stop calls {@code hudson.util.ProcessTree.killAll} over the processes carrying the step's
 * {@code JENKINS_SERVER_COOKIE}; each is killed recursively): from a snapshot of the tree, a process's children
 * before the process itself, siblings in pid order (how Jenkins' pid-keyed table usually lists them, so a helper the
 * launcher starts before the command line is stopped first); each gets SIGTERM and is waited for until it is gone or
 * the soft-kill deadline has passed (SoftKillWaitSeconds, 5 s from the start, shared by the whole tree). Jenkins sends
 * no SIGKILL afterwards.
 */
final class JenkinsSoftKill {
    private static final Duration SOFT_KILL_WAIT = Duration.ofSeconds(5);

    private JenkinsSoftKill() {
    }

    private record Node(ProcessHandle process, List<Node> children) {
        static Node snapshot(ProcessHandle process) {
            return new Node(process, process.children().sorted(Comparator.comparingLong(ProcessHandle::pid))
                    .map(Node::snapshot).toList());
        }
    }

    /** Stops {@code root} and everything below it; returns when the last one is gone or the deadline has passed. */
    static void stop(ProcessHandle root) throws InterruptedException {
        long deadline = System.nanoTime() + SOFT_KILL_WAIT.toNanos();
        stop(Node.snapshot(root), deadline);
    }

    private static void stop(Node node, long deadline) throws InterruptedException {
        for (Node child : node.children()) {
            stop(child, deadline);
        }
        node.process().destroy(); // SIGTERM
        while (node.process().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}

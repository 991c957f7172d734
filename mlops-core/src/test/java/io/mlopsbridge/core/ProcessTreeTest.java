package io.mlopsbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {

    @Test
    void stopReturnsOnlyWhenAChildThatIgnoresSigtermIsGone() throws Exception {
        // The parent leaves on SIGTERM; its child ignores SIGTERM and needs the SIGKILL after the grace.
        Process parent = new ProcessBuilder("sh", "-c", "sh -c 'trap \"\" TERM; while :; do sleep 0.05; done' & wait")
                .start();
        List<ProcessHandle> tree = awaitDescendants(parent, 1);
        tree.add(parent.toHandle());

        ProcessTree.stop(parent, Duration.ofMillis(300));

        assertThat(tree.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList()).isEmpty();
    }

    @Test
    void stopEndsAWholeTreeThatLeavesPolitely() throws Exception {
        Process parent = new ProcessBuilder("sh", "-c", "sleep 300 & sleep 300 & wait").start();
        List<ProcessHandle> tree = awaitDescendants(parent, 2);
        tree.add(parent.toHandle());

        ProcessTree.stop(parent, Duration.ofSeconds(5));

        assertThat(tree.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList()).isEmpty();
    }

    @Test
    void aSecondStopOfTheSameTreeReturnsOnlyWhenTheFirstHasStoppedEverything() throws Exception {
        // An abort's cleanup and the command's own cleanup race: the parent is already gone when the second starts.
        Process parent = new ProcessBuilder("sh", "-c", "sh -c 'trap \"\" TERM; while :; do sleep 0.05; done' & wait")
                .start();
        List<ProcessHandle> tree = awaitDescendants(parent, 1);
        tree.add(parent.toHandle());
        Thread first = new Thread(() -> ProcessTree.stop(parent, Duration.ofSeconds(1)));
        first.start();
        parent.onExit().get();

        ProcessTree.stop(parent, Duration.ofSeconds(1));

        assertThat(tree.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList()).isEmpty();
        first.join();
    }

    private static List<ProcessHandle> awaitDescendants(Process parent, int count) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<ProcessHandle> found = new ArrayList<>();
        while (found.size() < count && System.nanoTime() < until) {
            Thread.sleep(20);
            found = new ArrayList<>(parent.descendants().toList());
        }
        assertThat(found).hasSizeGreaterThanOrEqualTo(count);
        return found;
    }
}

package io.mlopsbridge.wait;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A remote operation that answers polls from a script, and records threads and cancel calls. */
final class ScriptedOperation implements RemoteOperation<String> {
    private final Deque<Observation<String>> script = new ArrayDeque<>();
    private Observation<String> last = Observation.running(Map.of(Observation.OVERALL, "RUNNING"));
    final List<String> cancelled = new ArrayList<>();
    final Set<String> pollThreads = ConcurrentHashMap.newKeySet();
    private final CountDownLatch polled = new CountDownLatch(1);
    private int pollsAfterCancel;

    synchronized ScriptedOperation then(Observation<String> next) {
        script.add(next);
        return this;
    }

    ScriptedOperation thenState(String state) {
        return then(Observation.running(Map.of(Observation.OVERALL, state)));
    }

    ScriptedOperation thenDone(String result) {
        return then(Observation.done(result, Map.of(Observation.OVERALL, result)));
    }

    @Override
    public String describe(String operationId) {
        return "job " + operationId;
    }

    @Override
    public synchronized Observation<String> poll(String operationId) {
        if (!cancelled.isEmpty()) {
            pollsAfterCancel++;
        }
        polled.countDown();
        pollThreads.add(Thread.currentThread().getName());
        if (!script.isEmpty()) {
            last = script.poll();
        }
        return last;
    }

    /** Returns once the first poll has begun; the bound only stops a hang from hanging the build. */
    void awaitFirstPoll() throws InterruptedException {
        if (!polled.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the operation was never polled");
        }
    }

    /** Polls that began after the remote work was cancelled: there must be none. */
    synchronized int pollsAfterCancel() {
        return pollsAfterCancel;
    }

    @Override
    public synchronized void cancel(String operationId) {
        cancelled.add(operationId);
    }
}

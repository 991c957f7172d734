package io.mlopsbridge.wait;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A remote operation that answers polls from a script, and records threads and cancel calls. */
final class ScriptedOperation implements RemoteOperation<String> {
    private final Deque<Observation<String>> script = new ArrayDeque<>();
    private Observation<String> last = Observation.running(Map.of(Observation.OVERALL, "RUNNING"));
    final List<String> cancelled = new ArrayList<>();
    final Set<String> pollThreads = ConcurrentHashMap.newKeySet();
    int polls;

    ScriptedOperation then(Observation<String> next) {
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
        polls++;
        pollThreads.add(Thread.currentThread().getName());
        if (!script.isEmpty()) {
            last = script.poll();
        }
        return last;
    }

    @Override
    public synchronized void cancel(String operationId) {
        cancelled.add(operationId);
    }
}

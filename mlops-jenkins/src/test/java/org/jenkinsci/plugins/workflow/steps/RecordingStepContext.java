package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Result;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only (in this package to reach the subset's package-private constructor). A step's context for tests: hands out the build's objects, records how the step ended (exactly once is
 * allowed) and the build result it set. Serialized, it is written as a
 * reference and read back as the same live context, as Jenkins re-attaches a restarted execution to its flow node.
 */
public final class RecordingStepContext extends StepContext {
    private static final long serialVersionUID = 1L;
    private static final Map<Integer, RecordingStepContext> LIVE = new ConcurrentHashMap<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final int id = IDS.incrementAndGet();
    private final transient Map<Class<?>, Object> objects;
    private final transient CompletableFuture<Object> outcome = new CompletableFuture<>();
    private final transient List<String> endings = new CopyOnWriteArrayList<>();
    private transient volatile Result result;

    public RecordingStepContext(Map<Class<?>, Object> objects) {
        this.objects = Map.copyOf(objects);
        LIVE.put(id, this);
    }

    @Override
    public <T> T get(Class<T> key) {
        return key.cast(objects.get(key));
    }

    @Override
    public void onSuccess(Object value) {
        endings.add("success");
        outcome.complete(value);
    }

    @Override
    public void onFailure(Throwable failure) {
        endings.add("failure: " + failure);
        outcome.completeExceptionally(failure);
    }

    @Override
    public void setResult(Result r) {
        this.result = r;
    }

    public CompletableFuture<Object> outcome() {
        return outcome;
    }

    /** How the step ended, each call to onSuccess/onFailure in order; a correct step ends exactly once. */
    public List<String> endings() {
        return List.copyOf(endings);
    }

    public Result result() {
        return result;
    }

    @Serial
    private Object writeReplace() throws ObjectStreamException {
        return new Ref(id);
    }

    private record Ref(int id) implements Serializable {
        @Serial
        private Object readResolve() {
            return LIVE.get(id);
        }
    }
}

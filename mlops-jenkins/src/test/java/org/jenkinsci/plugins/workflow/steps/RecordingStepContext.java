package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.model.Result;
import java.io.IOException;
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

    private final int id;
    private final transient Map<Class<?>, Object> objects;
    private final transient CompletableFuture<Object> outcome;
    private final transient List<String> endings;
    /** Set when a restart replaced this context: the execution holding it belongs to the stopped controller. */
    private transient volatile boolean stale;
    private final transient AtomicInteger saves = new AtomicInteger();
    private transient volatile Result result;

    private final transient TestBody body;

    public RecordingStepContext(Map<Class<?>, Object> objects, TestBody body) {
        this(IDS.incrementAndGet(), Map.copyOf(objects), body, new CompletableFuture<>(), new CopyOnWriteArrayList<>());
    }

    private RecordingStepContext(int id, Map<Class<?>, Object> objects, TestBody body,
                                 CompletableFuture<Object> outcome, List<String> endings) {
        this.id = id;
        this.objects = objects;
        this.body = body;
        this.outcome = outcome;
        this.endings = endings;
        LIVE.put(id, this);
    }

    /**
     * A controller restart: the same step's context as the new controller hands it out (an execution read back
     * from program.dat resolves to it), while this one goes stale, so whatever the dropped execution still does
     * (a poll that was in flight) reaches nothing, as it would in a JVM that stopped.
     */
    public RecordingStepContext restarted() {
        stale = true;
        return new RecordingStepContext(id, objects, body, outcome, endings);
    }

    @Override
    public BodyInvoker newBodyInvoker() {
        if (body == null) {
            throw new IllegalStateException("the step was called without a block");
        }
        if (outcome.isDone()) {
            // CPS drops a step's block once the step has ended (stopped, say), as CpsStepContext does.
            throw new IllegalStateException("There is no body to invoke");
        }
        return body.invoker(this);
    }

    @Override
    public <T> T get(Class<T> key) throws IOException {
        if (stale) {
            throw new IOException("the controller that ran this execution has stopped");
        }
        return key.cast(objects.get(key));
    }

    @Override
    public void onSuccess(Object value) {
        if (!stale) {
            endings.add("success");
            outcome.complete(value);
        }
    }

    @Override
    public void onFailure(Throwable failure) {
        if (!stale) {
            endings.add("failure: " + failure);
            outcome.completeExceptionally(failure);
        }
    }

    /** Jenkins writes program.dat; here only the request is counted (the harness's restart does the writing). */
    @Override
    public ListenableFuture<Void> saveState() {
        saves.incrementAndGet();
        return Futures.immediateVoidFuture();
    }

    public int saves() {
        return saves.get();
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

package org.jenkinsci.plugins.workflow.steps;

import hudson.EnvVars;
import hudson.TestEnvVars;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Test-only (in this package to reach the subset's package-private constructors): the block of a block step, as
 * the CPS engine runs it: with the step's contexts applied to the build's variables, on its own thread, then the
 * step's callback with the outcome.
 */
public final class TestBody {
    /** What the block does with the environment it sees, e.g. run {@code python train.py}. */
    @FunctionalInterface
    public interface Block {
        Object run(EnvVars env) throws Exception;
    }

    private final Block block;
    private final Map<String, String> buildVariables;
    private final List<EnvVars> seen = new CopyOnWriteArrayList<>();

    public TestBody(Block block, Map<String, String> buildVariables) {
        this.block = block;
        this.buildVariables = Map.copyOf(buildVariables);
    }

    /** The environment each run of the block saw. */
    public List<EnvVars> environments() {
        return List.copyOf(seen);
    }

    BodyInvoker invoker(StepContext context) {
        return new Invoker(context);
    }

    private final class Invoker extends BodyInvoker {
        private final StepContext context;
        private EnvironmentExpander expander;
        private BodyExecutionCallback callback;

        Invoker(StepContext context) {
            this.context = context;
        }

        @Override
        public BodyInvoker withContext(Object override) {
            if (override instanceof EnvironmentExpander e) {
                expander = e;
            }
            return this;
        }

        @Override
        public BodyInvoker withCallback(BodyExecutionCallback c) {
            callback = c;
            return this;
        }

        @Override
        public BodyExecution start() {
            Running running = new Running();
            Thread thread = new Thread(() -> {
                try {
                    EnvVars env = TestEnvVars.of(buildVariables);
                    if (expander != null) {
                        expander.expand(env);
                    }
                    seen.add(env);
                    Object result = block.run(env);
                    running.done.complete(result);
                    callback.onSuccess(context, result);
                } catch (Throwable t) {
                    running.done.completeExceptionally(t);
                    callback.onFailure(context, t);
                }
            }, "test body");
            thread.start();
            return running;
        }
    }

    private static final class Running extends BodyExecution {
        private static final long serialVersionUID = 1L;
        private final transient CompletableFuture<Object> done = new CompletableFuture<>();

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return done.isDone();
        }

        @Override
        public Object get() throws InterruptedException, ExecutionException {
            return done.get();
        }

        @Override
        public Object get(long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            return done.get(timeout, unit);
        }
    }
}

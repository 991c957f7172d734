package org.jenkinsci.plugins.workflow.steps;

import hudson.EnvVars;
import hudson.TestEnvVars;
import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Test-only (in this package to reach the subset's package-private constructors): the block of a block step, as
 * the CPS engine runs it: with the step's contexts applied (its environment expander to the build's variables, its
 * console filter to what the block prints, as Jenkins decorates a node's log), on its own thread, then the step's
 * callback with the outcome. The contexts and the callback are what Jenkins persists with the block: a restart
 * writes them into program.dat ({@link #persisted()}) and the block {@link #resume}s with the copies read back.
 */
public final class TestBody {
    /** What the block does with the environment it sees and the console it prints to, e.g. run {@code sh}. */
    @FunctionalInterface
    public interface Block {
        Object run(EnvVars env, PrintStream console) throws Exception;
    }

    /** The block's contexts and callback, as program.dat holds them. */
    public record Persisted(EnvironmentExpander expander, ConsoleLogFilter filter, BodyExecutionCallback callback)
            implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    private final Block block;
    private final Map<String, String> buildVariables;
    private final OutputStream buildConsole;
    private final List<EnvVars> seen = new CopyOnWriteArrayList<>();
    private volatile Persisted persisted;
    private volatile StepContext context;
    private volatile Running running;

    public TestBody(Block block, Map<String, String> buildVariables, OutputStream buildConsole) {
        this.block = block;
        this.buildVariables = Map.copyOf(buildVariables);
        this.buildConsole = buildConsole;
    }

    /** The environment each run of the block saw. */
    public List<EnvVars> environments() {
        return List.copyOf(seen);
    }

    /** What Jenkins writes into program.dat for the running block (null before it started). */
    public Persisted persisted() {
        return persisted;
    }

    /**
     * A controller restart: the block that was running belongs to the stopped controller (whatever it still does
     * reaches nothing), and {@code copy}, read back from program.dat, is what the block resumes with.
     */
    public void restarted(Persisted copy, StepContext restartedContext) {
        if (running != null) {
            running.abandoned = true;
        }
        persisted = copy;
        context = restartedContext;
    }

    /** The rest of the block after a restart: runs {@code rest} with the contexts and callback read back. */
    public void resume(Block rest) {
        if (persisted == null) {
            throw new IllegalStateException("the block never started");
        }
        running = run(rest);
    }

    BodyInvoker invoker(StepContext context) {
        return new Invoker(context);
    }

    private Running run(Block what) {
        Running current = new Running();
        Persisted state = persisted;
        StepContext owner = context;
        Thread thread = new Thread(() -> {
            try {
                EnvVars env = TestEnvVars.of(buildVariables);
                if (state.expander() != null) {
                    state.expander().expand(env);
                }
                seen.add(env);
                Object result;
                try (PrintStream console = console(state.filter())) {
                    result = what.run(env, console);
                }
                current.done.complete(result);
                if (!current.abandoned) {
                    state.callback().onSuccess(owner, result);
                }
            } catch (Throwable t) {
                current.done.completeExceptionally(t);
                if (!current.abandoned) {
                    state.callback().onFailure(owner, t);
                }
            }
        }, "test body");
        thread.start();
        return current;
    }

    /** The block's own log on the build console, decorated as Pipeline does (no build: the log is the node's). */
    private PrintStream console(ConsoleLogFilter filter) throws IOException, InterruptedException {
        OutputStream shared = new FilterOutputStream(buildConsole) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the node's log ends; the build's console goes on
            }
        };
        OutputStream decorated = filter == null ? shared : filter.decorateLogger((Run<?, ?>) null, shared);
        return new PrintStream(decorated, true, StandardCharsets.UTF_8);
    }

    private final class Invoker extends BodyInvoker {
        private final StepContext owner;
        private EnvironmentExpander expander;
        private ConsoleLogFilter filter;
        private BodyExecutionCallback callback;

        Invoker(StepContext owner) {
            this.owner = owner;
        }

        @Override
        public BodyInvoker withContext(Object override) {
            if (override instanceof EnvironmentExpander e) {
                expander = e;
            } else if (override instanceof ConsoleLogFilter f) {
                filter = f;
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
            persisted = new Persisted(expander, filter, callback);
            context = owner;
            running = run(block);
            return running;
        }
    }

    private static final class Running extends BodyExecution {
        private static final long serialVersionUID = 1L;
        private final transient CompletableFuture<Object> done = new CompletableFuture<>();
        private transient volatile boolean abandoned;

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

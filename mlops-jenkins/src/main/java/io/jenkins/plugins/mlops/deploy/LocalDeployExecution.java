package io.jenkins.plugins.mlops.deploy;

import hudson.AbortException;
import hudson.FilePath;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.StepFailure;
import io.mlopsbridge.log.SecretMasker;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * {@code deployModel(target: 'local')}: the engine's local deployment, run on the build's agent through
 * {@link LocalDeployOnAgent}. It lasts as long as the model server takes to load and answer the smoke test (seconds
 * to minutes), so it runs on a thread of its own, never on the CPS thread or Jenkins' timer.
 * <ul>
 *   <li>{@link #stop} interrupts that thread; the interrupt cancels the agent call, and on the agent the engine's
 *   cancellation kills the server's process tree and leaves (or puts back) the alias, and the console gets
 *   {@code aborted: ...}. The step ends at once, as Jenkins expects of an abort.</li>
 *   <li>Not resumable: the server lives only as long as the call that started it. After a controller restart the
 *   step fails with one line saying to run it again.</li>
 * </ul>
 */
final class LocalDeployExecution extends StepExecution {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "deployModel local [#" + THREADS.incrementAndGet() + "]");
        thread.setDaemon(true);
        return thread;
    });

    private final DeploySpec spec;
    private transient volatile Future<?> worker;
    private transient AtomicBoolean ended = new AtomicBoolean();

    LocalDeployExecution(StepContext context, DeploySpec spec) {
        super(context);
        this.spec = spec;
    }

    @Override
    public boolean start() {
        worker = WORKERS.submit(this::deploy);
        return false;
    }

    private void deploy() {
        SecretMasker masker = SecretMasker.none();
        try (DeployModelRun run = DeployModelRun.open(spec, StepEnvironment.of(getContext()))) {
            masker = run.masker();
            Map<String, Object> result = run.runToEnd(getContext().get(FilePath.class));
            end(context -> context.onSuccess(result));
        } catch (InterruptedException e) {
            // stop() interrupted us and has ended the step; the agent side has logged what it undid.
        } catch (Throwable failure) {
            AbortException oneLine = StepFailure.of(failure, masker);
            end(context -> context.onFailure(oneLine));
        }
    }

    /** Ends the step unless stop() or a restart already did: a step ends once. */
    private void end(Consumer<StepContext> ending) {
        if (ended.compareAndSet(false, true)) {
            ending.accept(getContext());
        }
    }

    @Override
    public void stop(Throwable cause) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        Future<?> running = worker;
        if (running != null) {
            running.cancel(true);
        }
        getContext().onFailure(cause);
    }

    @Override
    public void onResume() {
        end(context -> context.onFailure(new AbortException("deployModel: the controller restarted during the "
                + "local deployment of " + spec.model() + " on the agent; a local deployment does not survive a "
                + "restart, run the step again")));
    }

    @Override
    public String getStatus() {
        return ended.get() ? null : "serving " + spec.model() + " locally on the agent";
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        ended = new AtomicBoolean();
    }
}

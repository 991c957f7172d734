package io.jenkins.plugins.mlops;

import hudson.model.TaskListener;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.wait.PollOutcome;
import io.mlopsbridge.wait.Poller;
import io.mlopsbridge.wait.SubmittedWork;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A step that waits for long remote work (a Kubeflow run, a rollout) without holding a thread, as Jenkins' own
 * {@code sleep} step does: submit once, persist the engine's small handle, then one short poll per tick of Jenkins'
 * shared {@link Timer}; between ticks the wait is a timer entry and nothing else.
 * <ul>
 *   <li>{@code start()} does no I/O: the submission runs on the timer at once.</li>
 *   <li>After a controller restart {@link #onResume()} re-arms the next poll from the persisted handle.</li>
 *   <li>{@link #stop} cancels the next tick and any submission in flight, lets the engine terminate or roll back
 *   the remote work, logs what it did and ends the step at once.</li>
 * </ul>
 * Why the timer and not the engine's own WaitScheduler: the timer is where Jenkins expects durable steps to schedule
 * (it is sized and monitored by Jenkins), and a poll is one HTTP call bounded by connect and read timeouts, so ten
 * timer threads serve any number of waiting steps.
 */
public abstract class DurableStepExecution<H extends SubmittedWork<H>, T> extends StepExecution {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The engine's handle once submitted; the only state that must survive a restart. */
    private volatile H handle;
    private transient volatile ScheduledFuture<?> nextTick;
    private transient volatile Cancellation submitting;
    private transient AtomicBoolean ended = new AtomicBoolean();

    protected DurableStepExecution(StepContext context) {
        super(context);
    }

    /** Builds this tick's engine objects; called on a timer thread, never on the CPS thread. */
    protected abstract RemoteSession<H, T> connect() throws Exception;

    /** One line for the status shown in thread dumps, e.g. {@code waiting for KFP run 5b1c…}. */
    protected abstract String describe(H handle);

    @Override
    public final boolean start() {
        nextTick = Timer.get().schedule(this::submit, 0, TimeUnit.MILLISECONDS);
        return false;
    }

    private void submit() {
        SecretMasker masker = SecretMasker.none();
        try (RemoteSession<H, T> session = connect()) {
            masker = session.masker();
            Cancellation cancellation = Cancellation.create();
            submitting = cancellation;
            if (ended.get()) {
                return;
            }
            RemoteSession.Submission<H> submission;
            try {
                submission = session.submit(cancellation);
            } catch (MlopsException e) {
                if (e.kind() == ErrorKind.ABORTED && cancellation.isCancelled()) {
                    // stop() cancelled it in flight and has ended the step; the engine undid what it had created.
                    session.log().warn("aborted: " + e.getMessage());
                    return;
                }
                throw e;
            }
            submitting = null;
            if (submission.handle() == null) {
                succeed(submission.result());
                return;
            }
            handle = submission.handle();
            if (ended.get()) {
                // Aborted while the create was in flight: the work exists now, so end it.
                session.abort(handle);
                return;
            }
            getContext().saveState();
            schedulePoll();
        } catch (Throwable failure) {
            fail(failure, masker);
        }
    }

    private void poll() {
        SecretMasker masker = SecretMasker.none();
        try (RemoteSession<H, T> session = connect()) {
            masker = session.masker();
            H current = handle;
            PollOutcome<T> outcome = new Poller<>(session.operation(), current.policy(), session.log(),
                    Clock.systemUTC()).pollOnce(current.waitHandle());
            if (ended.get()) {
                return;
            }
            if (outcome instanceof PollOutcome.Pending<T> pending) {
                handle = current.withWait(pending.handle());
                schedulePoll();
            } else {
                succeed(session.complete(current, ((PollOutcome.Finished<T>) outcome).result()));
            }
        } catch (Throwable failure) {
            fail(failure, masker);
        }
    }

    private void schedulePoll() {
        Instant next = handle.waitHandle().nextPollAt();
        // Saturating (at Long.MAX_VALUE ms, which the timer takes): a poll interval of 150000000000d overflows
        // toMillis(), and throwing here, after the remote work exists, would end the step and leave that work going.
        long delay = Math.max(0, TimeUnit.MILLISECONDS.convert(Duration.between(Instant.now(), next)));
        nextTick = Timer.get().schedule(this::poll, delay, TimeUnit.MILLISECONDS);
    }

    private void succeed(Object result) {
        if (ended.compareAndSet(false, true)) {
            getContext().onSuccess(result);
        }
    }

    private void fail(Throwable failure, SecretMasker masker) {
        if (ended.compareAndSet(false, true)) {
            getContext().onFailure(StepFailure.of(failure, masker));
        }
    }

    @Override
    public void stop(Throwable cause) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> tick = nextTick;
        if (tick != null) {
            tick.cancel(false);
        }
        Cancellation inFlight = submitting;
        if (inFlight != null) {
            inFlight.cancel("the build was aborted");
        }
        H submitted = handle;
        if (submitted != null) {
            try (RemoteSession<H, T> session = connect()) {
                session.abort(submitted);
            } catch (Throwable e) {
                // The step ends anyway; the log says what could not be cleaned up.
                warn("could not clean up after the abort: " + StepFailure.of(e, SecretMasker.none()).getMessage());
            }
        }
        getContext().onFailure(cause);
    }

    private void warn(String line) {
        try {
            getContext().get(TaskListener.class).getLogger().println("[mlops] WARNING: " + line);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // no console left to write to
        }
    }

    @Override
    public void onResume() {
        H submitted = handle;
        if (submitted == null) {
            fail(new hudson.AbortException("the controller restarted while the remote work was being submitted; "
                    + "run the step again (a submission that reached the server is found by its release)"),
                    SecretMasker.none());
            return;
        }
        // No remote or credential work here: the first poll, on the timer, reconnects and looks at once.
        nextTick = Timer.get().schedule(this::poll, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public String getStatus() {
        H submitted = handle;
        return submitted == null ? "submitting" : "waiting for " + describe(submitted);
    }

    /** The handle as last persisted, for tests and subclasses' status lines. */
    protected final H handle() {
        return handle;
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        ended = new AtomicBoolean();
    }
}

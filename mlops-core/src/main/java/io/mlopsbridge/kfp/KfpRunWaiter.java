package io.mlopsbridge.kfp;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.wait.Observation;
import io.mlopsbridge.wait.RemoteOperation;
import io.mlopsbridge.wait.Wait;
import io.mlopsbridge.wait.WaitHandle;
import io.mlopsbridge.wait.WaitPolicy;
import io.mlopsbridge.wait.WaitScheduler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Waits for KFP runs on the shared {@link WaitScheduler}: each poll is one {@code GET /runs/{id}}; the run's state
 * and every task's state ({@code run_details.task_details}) are logged as they change; CANCELED counts as final;
 * no answer, 429, 5xx and 401 (a service-account token being rotated) are retried; cancelling the wait terminates
 * the run.
 */
public final class KfpRunWaiter implements RemoteOperation<KfpRun> {
    private final KfpClient client;
    private final KfpClient poller;

    public KfpRunWaiter(KfpClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.poller = client.forPolling();
    }

    /** Creates the run and waits for it. */
    public Wait<KfpRun> submit(RunRequest request, WaitPolicy policy, BuildLog log, WaitScheduler scheduler) {
        return scheduler.submit(() -> create(request, log).runId(), this, policy, log);
    }

    /**
     * Creates the run once. When the answer is lost (timeout, broken connection, a proxy's 502/504) the server may
     * still have created it, so the run is looked up by display name and description (which should carry a
     * request-unique token) before giving up: a retry could start a second training.
     */
    public KfpRun create(RunRequest request, BuildLog log) {
        KfpRun run = createOnce(request, log);
        log.info("KFP run " + run.runId() + " created: " + client.config().runUrl(run.runId()));
        return run;
    }

    private KfpRun createOnce(RunRequest request, BuildLog log) {
        try {
            return client.createRun(request);
        } catch (MlopsException e) {
            if (!answerMayBeLost(e) || request.experimentId() == null) {
                throw e;
            }
            KfpRun found = client.findRun(request.experimentId(), request.displayName(), request.description())
                    .orElseThrow(() -> e);
            log.warn("KFP answered the run creation with an error (" + e.getMessage() + "), but run "
                    + found.runId() + " exists; waiting for it");
            return found;
        }
    }

    private static boolean answerMayBeLost(MlopsException e) {
        String code = e.remoteCode().orElse("");
        return code.equals("IO") || code.startsWith("HTTP 5") || code.equals("INTERNAL") || code.equals("UNKNOWN")
                || code.equals("UNAVAILABLE") || code.equals("DEADLINE_EXCEEDED");
    }

    /** Waits for a run already created, e.g. from a handle persisted before a restart. */
    public Wait<KfpRun> resume(WaitHandle handle, WaitPolicy policy, BuildLog log, WaitScheduler scheduler) {
        return scheduler.resume(handle, this, policy, log);
    }

    @Override
    public String describe(String runId) {
        return "KFP run " + runId;
    }

    @Override
    public Observation<KfpRun> poll(String runId) {
        return poll(runId, Cancellation.none());
    }

    @Override
    public Observation<KfpRun> poll(String runId, Cancellation inFlight) {
        KfpClient.RunPoll seen = (inFlight == Cancellation.none() ? poller : poller.cancelledBy(inFlight))
                .pollRun(runId);
        if (seen.run() == null) {
            if (seen.transientFailure()) {
                return Observation.unavailable(seen.reason(), seen.retryAfter().orElse(null));
            }
            throw seen.error("get run " + runId);
        }
        KfpRun run = seen.run();
        Map<String, String> states = new LinkedHashMap<>();
        states.put(Observation.OVERALL, seen.stateText());
        List<KfpRun.TaskDetail> tasks = run.runDetails().taskDetails();
        for (int i = 0; i < tasks.size(); i++) {
            KfpRun.TaskDetail task = tasks.get(i);
            String name = task.displayName() != null ? task.displayName() : task.taskId();
            states.put("task " + name, seen.taskStateTexts().get(i));
        }
        return run.state().isFinal() ? Observation.done(run, states) : Observation.running(states);
    }

    @Override
    public void cancel(String runId) {
        client.terminateRun(runId);
    }

    /**
     * Returns the run if it SUCCEEDED; otherwise fails with the run's error and a link to it in the KFP UI. SKIPPED
     * fails too: a training step whose run trained nothing has no model to hand on.
     */
    public static KfpRun requireSucceeded(KfpRun run, KfpConfig config) {
        if (run.state() == RunState.SUCCEEDED) {
            return run;
        }
        String reason = run.failureReason().map(r -> ": " + r).orElse("");
        throw MlopsException.remote("KFP run " + run.runId() + " ended " + run.state() + reason,
                "see " + config.runUrl(run.runId()), run.state().name(), null);
    }
}

package io.mlopsbridge.deploy;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.wait.Observation;
import io.mlopsbridge.wait.RemoteOperation;
import java.time.Duration;
import java.util.Objects;

/**
 * A cluster rollout as the wait package sees it: {@link ClusterRollout#poll} once per poll, done once the rollout
 * succeeded or was rolled back, {@link ClusterRollout#cancel} (a rollback) on cancel or at the wait's deadline.
 * The Jenkins step resumes it from the operation id after a controller restart.
 */
public final class RolloutOperation implements RemoteOperation<RolloutResult> {
    private final ClusterRollout rollout;

    public RolloutOperation(ClusterRollout rollout) {
        this.rollout = Objects.requireNonNull(rollout, "rollout");
    }

    @Override
    public String describe(String operationId) {
        return ClusterRollout.describe(operationId);
    }

    @Override
    public Observation<RolloutResult> poll(String operationId) {
        RolloutProgress progress;
        try {
            progress = rollout.poll(operationId);
        } catch (MlopsException e) {
            if (worthRetrying(e)) {
                return Observation.unavailable(e.getMessage(), retryAfter(e));
            }
            throw e;
        }
        return progress.done()
                ? Observation.done(ClusterRollout.result(progress.record()), progress.states())
                : Observation.running(progress.states());
    }

    @Override
    public void cancel(String operationId) {
        rollout.cancel(operationId);
    }

    /** An API server that did not answer, or answered "busy": worth asking again. */
    private static boolean worthRetrying(MlopsException e) {
        String code = e.remoteCode().orElse("");
        return code.equals("no response") || code.equals("HTTP 429") || code.startsWith("HTTP 5");
    }

    private static Duration retryAfter(MlopsException e) {
        return e.remoteCode().filter("HTTP 429"::equals).map(c -> Duration.ofSeconds(5)).orElse(null);
    }
}

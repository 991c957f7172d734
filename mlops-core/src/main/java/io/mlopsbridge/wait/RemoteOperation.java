package io.mlopsbridge.wait;

/**
 * A long remote operation seen by its id: a KFP run, a KServe rollout. Implementations make one short remote call
 * per method and never sleep; the wait package decides when to call again.
 *
 * @param <T> what a finished operation yields, e.g. the final run
 */
public interface RemoteOperation<T> {

    /** How log lines and messages name the operation, e.g. {@code "KFP run 5b1c…"}. */
    String describe(String operationId);

    /**
     * Looks once. Returns {@link Observation.Unavailable} for failures worth retrying; throws
     * {@link io.mlopsbridge.core.MlopsException} for failures that retrying cannot fix (e.g. the run was deleted).
     */
    Observation<T> poll(String operationId);

    /**
     * Looks once, with the call tied to {@code inFlight}: the wait cancels it at the deadline (or on abort) so a slow
     * answer cannot hold the termination back. Operations whose client can be cut off override this.
     */
    default Observation<T> poll(String operationId, io.mlopsbridge.core.Cancellation inFlight) {
        return poll(operationId);
    }

    /** Terminates the remote work. Throws {@link io.mlopsbridge.core.MlopsException} when the remote refuses. */
    void cancel(String operationId);
}

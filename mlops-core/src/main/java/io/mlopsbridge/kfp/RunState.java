package io.mlopsbridge.kfp;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** {@code v2beta1RuntimeState}, plus {@link #UNKNOWN} for states a newer server may add. */
public enum RunState {
    RUNTIME_STATE_UNSPECIFIED,
    PENDING,
    RUNNING,
    SUCCEEDED,
    /** E.g. every task was cached. Final, but not a success for a training step: nothing was trained. */
    SKIPPED,
    FAILED,
    /** May still end SUCCEEDED, FAILED or CANCELED. */
    CANCELING,
    CANCELED,
    /** Can be resumed, so not final; a wait runs into its timeout. */
    PAUSED,
    @JsonEnumDefaultValue
    UNKNOWN;

    /** SUCCEEDED, SKIPPED, FAILED and CANCELED (the Python SDK forgets CANCELED and waits forever). */
    public boolean isFinal() {
        return this == SUCCEEDED || this == SKIPPED || this == FAILED || this == CANCELED;
    }
}

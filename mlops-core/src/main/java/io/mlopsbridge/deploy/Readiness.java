package io.mlopsbridge.deploy;

import java.util.Objects;

/**
 * One look at whether deployed objects serve.
 *
 * @param state    ready, still starting, or failed for good
 * @param detail   what the cluster reports, for the log
 * @param endpoint the base URL to smoke-test, or null when none is known (yet)
 */
public record Readiness(State state, String detail, String endpoint) {
    public enum State { READY, PENDING, FAILED }

    public Readiness {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
    }

    static Readiness ready(String detail, String endpoint) {
        return new Readiness(State.READY, detail, endpoint);
    }

    static Readiness pending(String detail) {
        return new Readiness(State.PENDING, detail, null);
    }

    static Readiness failed(String detail) {
        return new Readiness(State.FAILED, detail, null);
    }
}

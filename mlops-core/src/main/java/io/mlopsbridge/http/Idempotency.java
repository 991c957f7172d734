package io.mlopsbridge.http;

/**
 * Whether a request may be sent again after an ambiguous failure. Attach it with
 * {@code Request.Builder.tag(Idempotency.class, ...)}; requests without a tag are treated by HTTP method
 * (GET, PUT, DELETE repeatable; POST, PATCH not).
 */
public enum Idempotency {
    /** Sending it twice has the same effect as once: retried on 5xx, timeouts and broken connections. */
    REPEATABLE,
    /**
     * Sending it twice may create two things (a run, a model version). Retried only when the server certainly did
     * not act on it: the connection was refused, or the server answered 429 or 503. Callers recover from other
     * failures by looking the result up (e.g. a model version by its build tag).
     */
    ONCE
}

package io.mlopsbridge.wait;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one poll of a remote operation saw. {@code states} maps a subject to its state, e.g. {@code "" → RUNNING}
 * for the operation itself ({@link #OVERALL}) and {@code "task train" → SUCCEEDED}; each change is logged once.
 */
public sealed interface Observation<T> {
    /** The subject key for the operation as a whole. */
    String OVERALL = "";

    /** Still going. */
    record Running<T>(Map<String, String> states) implements Observation<T> {
        public Running {
            states = ordered(states);
        }
    }

    /** Reached a final state; {@code result} is what the caller gets (a failed run is a result too). */
    record Done<T>(T result, Map<String, String> states) implements Observation<T> {
        public Done {
            Objects.requireNonNull(result, "result");
            states = ordered(states);
        }
    }

    /**
     * The remote system could not answer this time (connection refused, 429, 5xx, a token being rotated). The wait
     * tries again later, no sooner than {@code retryAfter} when the server said so.
     */
    record Unavailable<T>(String reason, Optional<Duration> retryAfter) implements Observation<T> {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    static <T> Observation<T> running(Map<String, String> states) {
        return new Running<>(states);
    }

    static <T> Observation<T> done(T result, Map<String, String> states) {
        return new Done<>(result, states);
    }

    static <T> Observation<T> unavailable(String reason, Duration retryAfter) {
        return new Unavailable<>(reason, Optional.ofNullable(retryAfter));
    }

    private static Map<String, String> ordered(Map<String, String> states) {
        // Keep the caller's order (overall state first, tasks in run order) for readable logs.
        return Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(states, "states")));
    }
}

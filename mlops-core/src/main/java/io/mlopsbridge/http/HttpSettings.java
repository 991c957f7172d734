package io.mlopsbridge.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and retry policy for one remote system. Immutable; change a copy with the {@code with...} methods.
 *
 * @param connectTimeout time to open a connection; a server that does not accept within it is treated as down
 * @param readTimeout    time between bytes of a response; bounds a hung server
 * @param maxAttempts    total tries for a retryable failure, the first included
 * @param initialBackoff wait before the first retry; doubles each time
 * @param maxBackoff     cap for one wait, also for a server's Retry-After
 */
public record HttpSettings(Duration connectTimeout, Duration readTimeout, int maxAttempts,
                           Duration initialBackoff, Duration maxBackoff) {

    public HttpSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /**
     * Defaults: 10 s to connect (a loopback or LAN server answers in milliseconds; a longer wait only delays the
     * error), 60 s per read (registry calls that touch the database can be slow under load), 5 attempts with
     * backoff from 0.5 s capped at 10 s (rides out a server restart of about 15 s, as seen with mlflow server).
     */
    public static HttpSettings defaults() {
        return new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), 5,
                Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    public HttpSettings withMaxAttempts(int attempts) {
        return new HttpSettings(connectTimeout, readTimeout, attempts, initialBackoff, maxBackoff);
    }

    public HttpSettings withTimeouts(Duration connect, Duration read) {
        return new HttpSettings(connect, read, maxAttempts, initialBackoff, maxBackoff);
    }

    public HttpSettings withBackoff(Duration initial, Duration max) {
        return new HttpSettings(connectTimeout, readTimeout, maxAttempts, initial, max);
    }
}

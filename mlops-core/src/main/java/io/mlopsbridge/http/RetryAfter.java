package io.mlopsbridge.http;

import java.time.Duration;
import java.util.Optional;
import okhttp3.Response;

/** The wait a 429 or 503 response asks for in its {@code Retry-After} header. */
public final class RetryAfter {
    private RetryAfter() {
    }

    /**
     * The header's delay in seconds (negative values count as 0); empty when there is no header or it holds an
     * HTTP date, in which case callers fall back to their own backoff.
     */
    public static Optional<Duration> of(Response response) {
        String header = response.header("Retry-After");
        if (header == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

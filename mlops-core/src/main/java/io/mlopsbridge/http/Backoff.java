package io.mlopsbridge.http;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential backoff with "equal jitter": half the step is fixed, half random, so retries spread but still wait. */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** Wait before retry number {@code retry} (1 for the first retry). */
    Duration delay(int retry) {
        long base = initial.toMillis() << Math.min(retry - 1, 20);
        long capped = Math.min(base, max.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (capped - half)));
    }

    Duration cap(Duration requested) {
        return requested.compareTo(max) > 0 ? max : requested;
    }
}

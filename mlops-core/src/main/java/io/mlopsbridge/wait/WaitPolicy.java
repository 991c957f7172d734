package io.mlopsbridge.wait;

import java.time.Duration;
import java.util.Objects;

/**
 * How a wait polls: the interval starts at {@code initialInterval}, doubles while nothing changes up to
 * {@code maxInterval}, and drops back to the initial interval whenever the remote state changes (a change is
 * usually followed by more). Immutable; start from {@link #withDefaults()} and change a copy with {@code with...}.
 */
public final class WaitPolicy implements java.io.Serializable {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /** A training run's first states (PENDING → RUNNING) come within seconds; polling faster only adds load. */
    public static final Duration DEFAULT_INITIAL_INTERVAL = Duration.ofSeconds(2);
    /** Long runs are still noticed within half a minute of finishing, at one request per 30 s per wait. */
    public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofSeconds(30);
    /** A generous ceiling for training; builds set their own. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(6);
    /** Rides out a server restart or a rolling upgrade, but not a wrong URL left for hours. */
    public static final Duration DEFAULT_MAX_UNAVAILABLE = Duration.ofMinutes(15);

    private final Duration initialInterval;
    private final Duration maxInterval;
    private final Duration timeout;
    private final Duration maxUnavailable;
    private final boolean cancelOnDeadline;

    private WaitPolicy(Duration initialInterval, Duration maxInterval, Duration timeout, Duration maxUnavailable,
                       boolean cancelOnDeadline) {
        requirePositive(initialInterval, "initialInterval");
        requirePositive(maxInterval, "maxInterval");
        requirePositive(timeout, "timeout");
        requirePositive(maxUnavailable, "maxUnavailable");
        if (maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("maxInterval must not be shorter than initialInterval");
        }
        this.initialInterval = initialInterval;
        this.maxInterval = maxInterval;
        this.timeout = timeout;
        this.maxUnavailable = maxUnavailable;
        this.cancelOnDeadline = cancelOnDeadline;
    }

    /** 2 s growing to 30 s, 6 h timeout, 15 min of unreachable server tolerated, remote work cancelled at the deadline. */
    public static WaitPolicy withDefaults() {
        return new WaitPolicy(DEFAULT_INITIAL_INTERVAL, DEFAULT_MAX_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_MAX_UNAVAILABLE,
                true);
    }

    public WaitPolicy withIntervals(Duration initial, Duration max) {
        return new WaitPolicy(initial, max, timeout, maxUnavailable, cancelOnDeadline);
    }

    public WaitPolicy withTimeout(Duration newTimeout) {
        return new WaitPolicy(initialInterval, maxInterval, newTimeout, maxUnavailable, cancelOnDeadline);
    }

    /** How long the remote system may stay unreachable before the wait gives up (the deadline still applies). */
    public WaitPolicy withMaxUnavailable(Duration newMaxUnavailable) {
        return new WaitPolicy(initialInterval, maxInterval, timeout, newMaxUnavailable, cancelOnDeadline);
    }

    /** Whether remote work is terminated when the deadline passes (default true: nobody pays for orphaned runs). */
    public WaitPolicy withCancelOnDeadline(boolean cancel) {
        return new WaitPolicy(initialInterval, maxInterval, timeout, maxUnavailable, cancel);
    }

    public Duration initialInterval() {
        return initialInterval;
    }

    public Duration maxInterval() {
        return maxInterval;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration maxUnavailable() {
        return maxUnavailable;
    }

    public boolean cancelOnDeadline() {
        return cancelOnDeadline;
    }

    /** The interval after {@code current} when nothing changed: doubled, capped at the maximum. */
    Duration grow(Duration current) {
        Duration doubled = current.multipliedBy(2);
        return doubled.compareTo(maxInterval) > 0 ? maxInterval : doubled;
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** A value: a policy read back from a persisted handle equals the one written. */
    @Override
    public boolean equals(Object o) {
        return o instanceof WaitPolicy p && initialInterval.equals(p.initialInterval)
                && maxInterval.equals(p.maxInterval) && timeout.equals(p.timeout)
                && maxUnavailable.equals(p.maxUnavailable) && cancelOnDeadline == p.cancelOnDeadline;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialInterval, maxInterval, timeout, maxUnavailable, cancelOnDeadline);
    }

    @Override
    public String toString() {
        return "WaitPolicy[interval " + initialInterval + ".." + maxInterval + ", timeout " + timeout
                + ", maxUnavailable " + maxUnavailable + ", cancelOnDeadline " + cancelOnDeadline + "]";
    }
}

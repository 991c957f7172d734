package io.jenkins.plugins.mlops;

import io.mlopsbridge.core.DurationText;
import java.time.Duration;

/**
 * A durable step's {@code timeout} and {@code pollInterval} as its wait uses them, saturated at bounds that no
 * arithmetic of the wait (deadlines as instants, intervals in nanoseconds, timer delays in milliseconds) overflows.
 * Without them the longest duration accepted ({@code 106751991167d}) failed the step with an ArithmeticException
 * after its remote work was created, leaving that work going. Saturating changes nothing a user can tell: a wait of a
 * century is one that does not end, and a poll at least once a day costs one request.
 */
public final class WaitDurations {
    /** The longest wait between two polls: a day. */
    public static final Duration MAX_POLL_INTERVAL = Duration.ofDays(1);
    /** The longest timeout: a century. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(36_500);

    private WaitDurations() {
    }

    /** The {@code timeout} text (checked at binding), at most {@link #MAX_TIMEOUT}. */
    public static Duration timeout(String text) {
        return atMost(DurationText.parse(text, "timeout"), MAX_TIMEOUT);
    }

    /** The {@code pollInterval} text (checked at binding), at most {@link #MAX_POLL_INTERVAL}. */
    public static Duration pollInterval(String text) {
        return atMost(DurationText.parse(text, "pollInterval"), MAX_POLL_INTERVAL);
    }

    private static Duration atMost(Duration value, Duration max) {
        return value.compareTo(max) > 0 ? max : value;
    }
}

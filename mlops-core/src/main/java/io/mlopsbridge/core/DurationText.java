package io.mlopsbridge.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users write them on command lines and in Jenkinsfiles: {@code 500ms}, {@code 90s}, {@code 10m},
 * {@code 2h}, {@code 7d}, combinations such as {@code 1h30m}, a plain number of seconds, or ISO-8601
 * ({@code PT2H}). One grammar for every option (timeouts, cooldowns), so what works for one works for all.
 */
public final class DurationText {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");
    private static final Pattern SECONDS = Pattern.compile("\\d+");
    /**
     * The longest duration accepted, in whole days: the engine hands durations on as milliseconds
     * ({@code Process.waitFor}, deadlines), and a day more would not fit in a {@code long} of them.
     */
    public static final Duration LONGEST = Duration.ofDays(106_751_991_167L);

    private DurationText() {
    }

    /**
     * Parses a positive duration; {@code what} names the input in the error (e.g. {@code "--timeout"}).
     *
     * @throws MlopsException of kind INPUT naming the input and showing accepted forms
     */
    public static Duration parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw bad(text, what);
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration total;
        try {
            if (t.startsWith("p")) {
                total = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (SECONDS.matcher(t).matches()) {
                total = Duration.ofSeconds(Long.parseLong(t));
            } else {
                total = sumOfParts(t, text, what);
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // Only digits reach Long.parseLong, and Duration's arithmetic only overflows on huge counts.
            throw tooLong(text, what);
        } catch (DateTimeParseException e) {
            throw e.getCause() instanceof ArithmeticException || e.getCause() instanceof NumberFormatException
                    ? tooLong(text, what) : bad(text, what);
        }
        if (total.isZero() || total.isNegative()) {
            throw bad(text, what);
        }
        if (total.compareTo(LONGEST) > 0) {
            throw tooLong(text, what);
        }
        return total;
    }

    private static Duration sumOfParts(String t, String text, String what) {
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw bad(text, what);
        }
        return total;
    }

    /** The shortest of {@code 7d}, {@code 24h}, {@code 30m} or {@code 90s} that says the same, for messages. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0 && s >= 2 * 86_400) {
            return (s / 86_400) + "d";
        }
        if (s % 3600 == 0 && s > 0) {
            return (s / 3600) + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return (s / 60) + "m";
        }
        return s + "s";
    }

    private static MlopsException tooLong(String text, String what) {
        String longest = format(LONGEST);
        return MlopsException.input(what + ": '" + text + "' is longer than the largest accepted duration, " + longest,
                "write at most " + longest + " (about 292 million years), e.g. 2h or 7d");
    }

    private static MlopsException bad(String text, String what) {
        return MlopsException.input(what + ": '" + text + "' is not a positive duration",
                "write e.g. 90s, 10m, 2h, 1h30m, 7d or PT2H");
    }
}

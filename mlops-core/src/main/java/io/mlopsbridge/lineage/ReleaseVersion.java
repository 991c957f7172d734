package io.mlopsbridge.lineage;

import io.mlopsbridge.core.MlopsException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one version that names a build's code and model together, e.g. {@code 128-3f9c2ab}. Chosen in this order: the
 * user's own value; {@code <build number>-<short git sha>} when both are known; a UTC timestamp such as
 * {@code 20250114T093012Z}.
 */
public record ReleaseVersion(String value) {
    /** Safe as a tag value, a file name, a Docker tag suffix and a Jenkins display name. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public ReleaseVersion {
        Objects.requireNonNull(value, "value");
        requireValid(value, "release version");
    }

    /**
     * The user's own version, surrounding spaces dropped; {@code input} names where it was given (an option such as
     * {@code --release-version}, a variable) for the error, so every command refuses what register would refuse,
     * and before it has done anything.
     */
    public static ReleaseVersion given(String value, String input) {
        String stripped = value.strip();
        requireValid(stripped, input);
        return new ReleaseVersion(stripped);
    }

    private static void requireValid(String value, String input) {
        if (!VALID.matcher(value).matches()) {
            throw MlopsException.input(input + " '" + value + "' is not valid",
                    "use 1-128 letters, digits, '.', '_', '+' or '-', starting with a letter or digit, e.g. 1.4.0");
        }
    }

    /** The user's version if given (not blank), else one derived from the build, else the current UTC time. */
    public static ReleaseVersion resolve(String userGiven, BuildInfo build, Clock clock) {
        if (userGiven != null && !userGiven.isBlank()) {
            return given(userGiven, "release version");
        }
        if (build.buildNumber() != null && build.shortCommit().isPresent()) {
            return new ReleaseVersion(build.buildNumber() + "-" + build.shortCommit().get());
        }
        return new ReleaseVersion(TIMESTAMP.format(clock.instant()));
    }

    @Override
    public String toString() {
        return value;
    }
}

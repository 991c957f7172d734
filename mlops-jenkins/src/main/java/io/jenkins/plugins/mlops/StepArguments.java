package io.jenkins.plugins.mlops;

/**
 * Checks a step's arguments as they are bound, so a bad one fails the call with one line naming it and saying what
 * to write instead, before the step starts and before anything remote happens. Jenkins reports an
 * {@link IllegalArgumentException} from data binding as the call's error.
 */
public final class StepArguments {
    private StepArguments() {
    }

    public static String required(String value, String name, String example) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required, e.g. " + example);
        }
        return value.strip();
    }

    /** Null for an absent or blank value, so a Jenkinsfile's {@code ''} means "not given". */
    public static String optional(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public static long positive(long value, String name, String example) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value + "; e.g. " + example);
        }
        return value;
    }
}

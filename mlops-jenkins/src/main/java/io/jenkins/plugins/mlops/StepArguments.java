package io.jenkins.plugins.mlops;

import io.mlopsbridge.core.DurationText;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.lineage.ReleaseVersion;
import java.util.function.Consumer;
import java.util.function.Supplier;

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

    /**
     * A folder the step writes into, relative to the workspace; null when absent. Checked as text, because the
     * workspace may be on an agent of another operating system: an absolute path (also a Windows one) would be
     * written outside it by {@code FilePath.child}, and so would a path whose {@code ..} climbs above its start.
     */
    public static String inWorkspace(String value, String name, String example) {
        return inWorkspace(value, name, example, "folder");
    }

    /** A file the step writes, relative to the workspace, checked as {@link #inWorkspace} checks a folder. */
    public static String fileInWorkspace(String value, String name, String example) {
        return inWorkspace(value, name, example, "file");
    }

    private static String inWorkspace(String value, String name, String example, String kind) {
        String text = optional(value);
        if (text == null) {
            return null;
        }
        if (text.startsWith("/") || text.startsWith("\\") || text.matches("[A-Za-z]:.*")) {
            throw new IllegalArgumentException(name + " must be a " + kind + " relative to the workspace, got '"
                    + text + "'; e.g. " + example);
        }
        int depth = 0;
        for (String segment : text.split("[/\\\\]")) {
            depth += segment.equals("..") ? -1 : segment.isEmpty() || segment.equals(".") ? 0 : 1;
            if (depth < 0) {
                throw new IllegalArgumentException(name + " must stay inside the workspace, got '" + text
                        + "' (its '..' leaves it); e.g. " + example);
            }
        }
        return text;
    }

    /**
     * A whole number in the range the step's form advises ({@code doCheck*}), enforced as the step is bound: a value
     * far out of it would fail only later, after something remote was written.
     */
    public static long inRange(long value, long low, long high, String name, String example) {
        if (value < low || value > high) {
            throw new IllegalArgumentException(name + " must be from " + low + " to " + high + ", got " + value
                    + "; e.g. " + example);
        }
        return value;
    }

    public static long atLeastZero(long value, String name, String example) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be 0 or more, got " + value + "; e.g. " + example);
        }
        return value;
    }

    /** A release version as register accepts it, checked as the step is bound; null when absent. */
    public static String releaseVersion(String value) {
        String text = optional(value);
        return text == null ? null : checked(() -> ReleaseVersion.given(text, "releaseVersion").value());
    }

    /**
     * The engine's own check of an argument, run as the step is bound: its refusal becomes the binding's one-line
     * error (Jenkins shows an IllegalArgumentException's message), naming the inputs as the step's parameters.
     */
    public static <T> T checked(Supplier<T> check) {
        return checked(null, check);
    }

    /**
     * As {@link #checked(Supplier)}, with {@code parameter} named first (when not null): for an engine line that
     * names the input in its own words, such as "KFP URL", which the command line may also read from a variable.
     */
    public static <T> T checked(String parameter, Supplier<T> check) {
        try {
            return check.get();
        } catch (MlopsException e) {
            String line = e.oneLine(InputNaming.STEP_PARAMETERS);
            throw new IllegalArgumentException(parameter == null ? line : parameter + ": " + line);
        }
    }

    /**
     * An optional text put through the engine's own check of it ({@link #checked(String, Supplier)}, with
     * {@code parameter} named first when not null), kept stripped; null when absent. The refusal is the engine's
     * line, the one the run would fail with later.
     */
    public static String checkedText(String parameter, String value, Consumer<String> check) {
        String text = optional(value);
        if (text == null) {
            return null;
        }
        return checked(parameter, () -> {
            check.accept(text);
            return text;
        });
    }

    /** A duration such as {@code 90s}, {@code 30m}, {@code 2h}, {@code 1h30m}; null when absent. */
    public static String duration(String value, String name, String example) {
        String text = optional(value);
        if (text == null) {
            return null;
        }
        try {
            DurationText.parse(text, name);
        } catch (MlopsException e) {
            throw new IllegalArgumentException(e.oneLine(InputNaming.STEP_PARAMETERS) + "; e.g. " + example);
        }
        return text;
    }
}

package io.mlopsbridge.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one exception users see. Its message is one line naming what went wrong; the hint says how to fix it.
 * Remote failures keep the remote system's own code (e.g. MLflow's {@code RESOURCE_DOES_NOT_EXIST}).
 * Messages never contain secrets: callers build them from names and codes, never from credentials. A message or
 * hint that names an input writes it as an {@link InputName}; the accessors without an {@link InputNaming} give the
 * command line's names, {@link #oneLine(InputNaming)} those of another front end.
 */
public final class MlopsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String hint;
    private final String remoteCode;
    /** What was already known or done when it failed (a version number, a run id): front ends report it. */
    private final Map<String, String> facts = new LinkedHashMap<>();

    private MlopsException(ErrorKind kind, String message, String hint, String remoteCode, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.hint = hint;
        this.remoteCode = remoteCode;
    }

    /** A mistake in the user's input. */
    public static MlopsException input(String message, String hint) {
        return new MlopsException(ErrorKind.INPUT, message, hint, null, null);
    }

    /** A failure reported by, or reaching, a remote system; {@code remoteCode} is that system's own error code. */
    public static MlopsException remote(String message, String hint, String remoteCode, Throwable cause) {
        return new MlopsException(ErrorKind.REMOTE, message, hint, remoteCode, cause);
    }

    /**
     * The operation was cancelled; {@code message} says what was cancelled and cleaned up, e.g.
     * {@code aborted: KFP run 5b1c… terminated; MLflow run 67d4… KILLED}.
     */
    public static MlopsException aborted(String message, Throwable cause) {
        return new MlopsException(ErrorKind.ABORTED, message, null, null, cause);
    }

    /**
     * Another writer changed the same thing at the same moment and won; {@code message} says who holds it now and
     * that nothing of ours was left.
     */
    public static MlopsException conflict(String message, String hint) {
        return new MlopsException(ErrorKind.CONFLICT, message, hint, null, null);
    }

    /**
     * The operation wrote to a remote system, then failed here; {@code message} says what failed and what exists,
     * e.g. {@code cannot write gate report …: Is a directory; fraud-detector version 7 stays registered, …}.
     */
    public static MlopsException incomplete(String message, String hint, Throwable cause) {
        return new MlopsException(ErrorKind.INCOMPLETE, message, hint, null, cause);
    }

    /**
     * Records something known when the operation failed (e.g. {@code version → 7}), so that a front end can report
     * it with the error; null values are ignored. Returns this exception, for {@code throw e.withFact(...)}.
     */
    public MlopsException withFact(String key, String value) {
        if (value != null) {
            synchronized (facts) {
                facts.put(Objects.requireNonNull(key, "key"), value);
            }
        }
        return this;
    }

    /** What {@link #withFact} recorded, in the order it was recorded. */
    public Map<String, String> facts() {
        synchronized (facts) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        }
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The message with inputs named as the command line's options. */
    @Override
    public String getMessage() {
        return InputNaming.CLI_OPTIONS.render(super.getMessage());
    }

    public Optional<String> hint() {
        return Optional.ofNullable(InputNaming.CLI_OPTIONS.render(hint));
    }

    /** The remote system's error code, such as {@code RESOURCE_DOES_NOT_EXIST} or {@code HTTP 502}. */
    public Optional<String> remoteCode() {
        return Optional.ofNullable(remoteCode);
    }

    /** The message and the hint on one line, as the command line prints it. */
    public String oneLine() {
        return oneLine(InputNaming.CLI_OPTIONS);
    }

    /** The message and the hint on one line, with the inputs they name written as {@code naming} calls them. */
    public String oneLine(InputNaming naming) {
        String message = naming.render(super.getMessage());
        return hint == null ? message : message + " (" + naming.render(hint) + ")";
    }
}

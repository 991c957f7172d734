package io.mlopsbridge.cli;

import io.mlopsbridge.core.MlopsException;

/**
 * An option given with nothing in it, almost always a shell variable that was never set. Left out, an option means
 * its documented default; given empty, it is an input error naming the option, never a silent fall back to that
 * default (an empty {@code --release} would otherwise register under a timestamp, an empty path name the working
 * directory).
 */
final class EmptyOption {
    private EmptyOption() {
    }

    /** Refuses {@code value} when it was given (is not null) but is empty or only spaces. */
    static void refuse(Object value, String option, String hint) {
        if (value == null || !value.toString().isBlank()) {
            return;
        }
        throw MlopsException.input(option + (value.toString().isEmpty() ? " is empty" : " is only spaces"), hint);
    }
}

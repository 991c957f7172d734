package io.mlopsbridge.cli;

import io.mlopsbridge.core.MlopsException;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * picocli reports a word given to a number option as "'ten' is not an int" or "'abc' is not a double", naming the
 * Java type; users get the option as they typed it and a value it takes instead.
 */
final class NumberOptionError {
    private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(int.class, Integer.class, long.class, Long.class);
    private static final Set<Class<?>> DECIMALS = Set.of(double.class, Double.class, float.class, Float.class);

    private NumberOptionError() {
    }

    /** The input error for {@code e}, when it is a number option that could not take its value. */
    static Optional<MlopsException> of(CommandLine.ParameterException e) {
        if (!(e.getArgSpec() instanceof CommandLine.Model.OptionSpec option) || e.getValue() == null
                || !isConversionFailure(e)) {
            return Optional.empty();
        }
        String name = option.longestName();
        if (WHOLE_NUMBERS.contains(option.type())) {
            return Optional.of(MlopsException.input(name + ": '" + e.getValue() + "' is not a whole number",
                    "write a whole number, e.g. " + name + " 10"));
        }
        if (DECIMALS.contains(option.type())) {
            return Optional.of(MlopsException.input(name + ": '" + e.getValue() + "' is not a number",
                    "write a number, e.g. " + name + " 0.1"));
        }
        return Optional.empty();
    }

    private static boolean isConversionFailure(CommandLine.ParameterException e) {
        return e.getCause() instanceof CommandLine.TypeConversionException
                || e.getCause() instanceof NumberFormatException;
    }
}

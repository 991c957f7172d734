package io.mlopsbridge.cli;

import io.mlopsbridge.core.MlopsException;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * A {@code KEY=VALUE} option given twice with the same key. picocli keeps the last value without a word, so
 * {@code --tag team=fraud --tag team=risk} would register {@code team=risk}, and which one was meant is a guess:
 * it is an input error naming the option and the key, before anything remote is written.
 */
final class RepeatedKey {
    private RepeatedKey() {
    }

    /** Refuses a key that {@code option} was given twice on the command line that {@code parsed} holds. */
    static void refuse(ParseResult parsed, String option) {
        OptionSpec matched = parsed.matchedOption(option);
        if (matched == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String given : matched.originalStringValues()) {
            // picocli splits at the first '=', as here; a value without one it has refused already.
            String key = given.substring(0, Math.max(0, given.indexOf('=')));
            if (!seen.add(key)) {
                throw MlopsException.input(option + " " + key + " is given twice, and only one value can be kept",
                        "give each " + option + " key once");
            }
        }
    }
}

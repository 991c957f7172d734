package io.mlopsbridge.cli;

import io.mlopsbridge.core.MlopsException;
import java.util.List;
import picocli.CommandLine;

/**
 * A command line that did not parse, as the one-line input error users get: picocli's message in our words, and the
 * first thing wrong rather than a consequence of it.
 */
final class CommandLineError {
    /** picocli starts some messages (mutually exclusive options) with this; our error line has its own "error: ". */
    private static final String PICOCLI_PREFIX = "Error: ";

    private CommandLineError() {
    }

    static MlopsException of(CommandLine.ParameterException e) {
        CommandLine failed = e.getCommandLine();
        CommandLine.ParameterException first = e;
        List<String> unknown = failed.getUnmatchedArguments();
        // picocli checks required options before it complains of unknown ones, so "promote --json --bogus" would
        // report a missing --model: the unknown option is the mistake to fix first (a misspelt --model, often).
        if (!(e instanceof CommandLine.UnmatchedArgumentException) && !unknown.isEmpty()) {
            first = new CommandLine.UnmatchedArgumentException(failed, unknown);
        }
        CommandLine.ParameterException reported = first;
        return NumberOptionError.of(reported).orElseGet(() -> MlopsException.input(words(reported.getMessage()),
                "Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage."));
    }

    private static String words(String message) {
        return message.startsWith(PICOCLI_PREFIX) ? message.substring(PICOCLI_PREFIX.length()) : message;
    }
}

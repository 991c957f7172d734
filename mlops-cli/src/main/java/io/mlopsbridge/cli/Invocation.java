package io.mlopsbridge.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * What the user asked for, as far as an error result needs it: which subcommand, whether stdout carries JSON,
 * whether to print stack traces, and the inputs worth repeating in the error result (model, version, run id …).
 */
record Invocation(String command, boolean json, boolean debug, Map<String, String> inputs) {
    static final String JSON_OPTION = "--json";
    static final String DEBUG_OPTION = "--debug";
    static final String DEBUG_ENV = "MLOPS_DEBUG";
    /** {@code drift --json FILE} writes JSON to a file; only {@code --json} alone or {@code --json -} is stdout. */
    private static final String STDOUT = "-";
    /** Inputs repeated in an error result, by option, under the names the normal results use. */
    private static final Map<String, String> REPEATED_INPUTS = Map.of("--model", "model", "--version", "version",
            "--run-id", "run_id", "--alias", "alias", "--from-alias", "from_alias", "--release", "release",
            "--release-version", "release_version", "--target", "target");

    Invocation {
        inputs = Map.copyOf(inputs);
    }

    /** From a command line that parsed: the options of the subcommand that ran. */
    static Invocation of(ParseResult root, Map<String, String> env) {
        ParseResult last = root;
        boolean debug = root.hasMatchedOption(DEBUG_OPTION);
        while (last.hasSubcommand()) {
            last = last.subcommand();
            debug |= last.hasMatchedOption(DEBUG_OPTION);
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        for (OptionSpec option : last.matchedOptions()) {
            String name = REPEATED_INPUTS.get(option.longestName());
            Object value = option.getValue();
            if (name != null && value != null) {
                inputs.put(name, value.toString());
            }
        }
        return new Invocation(name(last.commandSpec().commandLine()), jsonToStdout(last), debug || debugByEnv(env),
                inputs);
    }

    /** From a command line that did not parse: whether {@code --json} was among the options (before {@code --}). */
    static Invocation ofUnparsed(CommandLine failed, List<String> args, Map<String, String> env) {
        boolean json = false;
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            json |= arg.equals(JSON_OPTION) || arg.equals(JSON_OPTION + "=" + STDOUT);
        }
        return new Invocation(name(failed), json, debugByEnv(env), Map.of());
    }

    private static boolean jsonToStdout(ParseResult command) {
        if (!command.hasMatchedOption(JSON_OPTION)) {
            return false;
        }
        Object value = command.matchedOption(JSON_OPTION).getValue();
        return Boolean.TRUE.equals(value) || STDOUT.equals(value);
    }

    private static boolean debugByEnv(Map<String, String> env) {
        String value = env.get(DEBUG_ENV);
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    /** {@code register}, {@code drift}: the qualified name without the leading {@code mlops}. */
    private static String name(CommandLine command) {
        String qualified = command.getCommandSpec().qualifiedName();
        int space = qualified.indexOf(' ');
        return space < 0 ? qualified : qualified.substring(space + 1);
    }
}

package io.mlopsbridge.core;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An input of an operation as both kinds of front end call it: the Jenkins step (and shared library) parameter,
 * such as {@code serviceName}, and the command line option, such as {@code --name}. The engine cannot know which
 * front end made the request, and a Jenkins user told to "pass --name" looks for a field that does not exist; so a
 * message names an input by writing this record into its text, and the front end renders it in its own words
 * ({@link InputNaming}) when it shows the message: {@link MlopsException}'s accessors and {@link
 * io.mlopsbridge.log.MaskingBuildLog} do.
 *
 * <p>In text, the name is a placeholder delimited by private-use characters, which neither a user's value nor a
 * remote system's message contains.
 */
public record InputName(String parameter, String option) {
    private static final char START = '\uE000';
    private static final char SEPARATOR = '\uE001';
    private static final char END = '\uE002';
    private static final Pattern PLACEHOLDER = Pattern.compile(
            START + "([^" + SEPARATOR + END + "]*)" + SEPARATOR + "([^" + END + "]*)" + END);

    public InputName {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(option, "option");
    }

    /** An input whose option is its parameter in kebab case: {@code championAlias} is {@code --champion-alias}. */
    public static InputName of(String parameter) {
        return new InputName(parameter, "--" + parameter.replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .toLowerCase(java.util.Locale.ROOT));
    }

    /** An input whose option is not derived from its parameter, e.g. {@code serviceName} and {@code --name}. */
    public static InputName of(String parameter, String option) {
        return new InputName(parameter, option);
    }

    /**
     * Text that differs between the front ends by more than an input's name, written into a message the same way:
     * an example of giving an input ({@code tags: [team: 'fraud']} in a Jenkinsfile, {@code --tag team=fraud} on the
     * command line), or where a secret comes from (a Jenkins credential, an environment variable).
     */
    public static String wording(String inStep, String onCommandLine) {
        return new InputName(inStep, onCommandLine).toString();
    }

    /** The placeholder a message is written with. */
    @Override
    public String toString() {
        return START + parameter + SEPARATOR + option + END;
    }

    /** {@code text} with every input it names written as {@code naming} calls it. */
    static String render(String text, InputNaming naming) {
        if (text == null || text.indexOf(START) < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String name = switch (naming) {
                case STEP_PARAMETERS -> m.group(1);
                case CLI_OPTIONS -> m.group(2);
                case EITHER -> m.group(1) + " or " + m.group(2);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(name));
        }
        m.appendTail(out);
        return out.toString();
    }
}

package io.mlopsbridge.registry;

import static io.mlopsbridge.registry.RegistryInputNames.RUN_ID;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.QuotedInput;
import java.util.regex.Pattern;

/**
 * MLflow's rules for registered model names and aliases (mlflow/utils/validation.py: {@code _validate_model_name},
 * {@code path_not_unique}, {@code _validate_alias_name}), and the form of run ids and versions, checked before
 * anything is sent so a bad name is a one-line input error, not a server error or a half-finished registration.
 */
public final class RegistryNames {
    private static final int MAX_ALIAS = 255;
    private static final Pattern ALIAS = Pattern.compile("[\\w-]{1," + MAX_ALIAS + "}",
            Pattern.UNICODE_CHARACTER_CLASS);
    /**
     * The longest alias promote can move: it keeps the previous holder as the alias {@code previous-<alias>} and
     * first stores the record of the move as the tag {@code mlops.pending.<alias>} ({@link AliasRecord}), so both
     * must fit MLflow's limits, 255 characters for an alias and 250 for a tag key.
     */
    static final int MAX_PROMOTED_ALIAS = Math.min(MAX_ALIAS - PromoteRequest.PREVIOUS_PREFIX.length(),
            MlflowTagKey.MAX_LENGTH - AliasRecord.PENDING_PREFIX.length());
    private static final Pattern VERSION_LIKE = Pattern.compile("[vV]\\d+");

    private RegistryNames() {
    }

    public static String requireModelName(String name) {
        if (name == null || name.isBlank()) {
            throw MlopsException.input("model name is empty", "give the registered model's name, e.g. fraud-detector");
        }
        // MLflow accepts them, but a tab or newline in a name is an unquoted shell variable or a pasted line, and the
        // name would break every log line, tag and report it appears in. Shown escaped, so the error stays one line.
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw MlopsException.input("invalid model name " + new QuotedInput(name) + ": it contains a control"
                    + " character", "use letters, digits, '-', '_' or '.', e.g. fraud-detector (check how the name"
                    + " is quoted in the build script)");
        }
        if (name.contains("/") || name.contains(":")) {
            throw MlopsException.input("invalid model name '" + name + "': names cannot contain '/' or ':'",
                    "use letters, digits, '-', '_' or '.', e.g. fraud-detector");
        }
        // MLflow's path_not_unique: without '/', normpath changes nothing, so what is left is "." and a leading "..".
        if (name.equals(".") || name.startsWith("..")) {
            throw MlopsException.input("invalid model name '" + name + "': MLflow refuses names that are '.' or start"
                    + " with '..' (they would resolve to another name as a path)",
                    "use letters, digits, '-', '_' or '.', e.g. fraud-detector");
        }
        // Stricter than MLflow, on purpose: a padded name is almost always a shell variable gone wrong.
        if (!name.equals(name.strip())) {
            throw MlopsException.input("invalid model name '" + name + "': it has leading or trailing spaces",
                    "remove the spaces (check how the name is quoted in the build script)");
        }
        return name;
    }

    /** Checks an alias; {@code role} names the flag or field in words, e.g. "alias" or "champion alias". */
    public static String requireAlias(String alias, String role) {
        if (alias == null || alias.isEmpty()) {
            throw MlopsException.input(role + " is empty", "give an alias such as champion or candidate");
        }
        if (!ALIAS.matcher(alias).matches()) {
            throw MlopsException.input("invalid " + role + " '" + alias + "': aliases may only contain letters, "
                    + "digits, '_' and '-' (at most " + MAX_ALIAS + ")", "e.g. champion or candidate");
        }
        if (alias.equalsIgnoreCase("latest") || VERSION_LIKE.matcher(alias).matches()) {
            throw MlopsException.input("invalid " + role + " '" + alias + "': MLflow reserves 'latest' and "
                    + "version-like aliases such as v1", "choose another alias, e.g. champion");
        }
        return alias;
    }

    /**
     * Checks an alias this tool sets or moves (register's and promote's {@code --alias}, rollback's, deploy's
     * {@code --promote-alias}): MLflow's rules, and not a {@code previous-<alias>}, which promote keeps for rollback
     * (moved by hand, it would change what rollback restores). Reading one, as a champion or from-alias, is fine.
     */
    public static String requireAliasToMove(String alias, InputName input) {
        String role = inProse(input);
        requireAlias(alias, role);
        if (alias.startsWith(PromoteRequest.PREVIOUS_PREFIX)) {
            throw MlopsException.input("invalid " + role + " '" + alias + "': previous-<alias> aliases are kept by"
                    + " promote for rollback", "choose an alias that does not start with previous-, e.g. champion"
                    + " or candidate; 'mlops rollback' moves an alias back to its previous holder");
        }
        return alias;
    }

    /**
     * Checks an alias that promote moves ({@code promote} and {@code rollback}'s {@code --alias}, deploy's
     * {@code --promote-alias}): an alias to move, short enough for the record of the move.
     */
    public static String requirePromotedAlias(String alias, InputName input) {
        requireAliasToMove(alias, input);
        if (alias.codePointCount(0, alias.length()) > MAX_PROMOTED_ALIAS) {
            throw MlopsException.input(input + " " + new QuotedInput(alias) + " is too long for promote's"
                    + " record of the move: the alias previous-<alias> and the tag mlops.pending.<alias> must fit"
                    + " MLflow's limits (" + MAX_ALIAS + " characters for an alias, " + MlflowTagKey.MAX_LENGTH
                    + " for a tag key), so " + input + " may have at most " + MAX_PROMOTED_ALIAS,
                    "choose a shorter alias, e.g. champion");
        }
        return alias;
    }

    /**
     * The input as the alias messages' prose names it ("invalid promote-alias 'v1'"): on the command line the option
     * without its dashes, as these messages always said it; elsewhere the step's parameter.
     */
    private static String inProse(InputName input) {
        return InputName.of(input.parameter(), input.option().replaceFirst("^--", "")).toString();
    }

    /**
     * A run id as MLflow makes them (32 hex digits; letters, digits, '_' and '-' allowed), checked before it is sent:
     * an empty one would otherwise reach the server as a missing parameter, a blank one as an unknown run.
     */
    public static String requireRunId(String runId) {
        if (runId == null || !runId.matches("[0-9a-zA-Z_-]{1,64}")) {
            throw MlopsException.input("invalid run id " + (runId == null ? "(none)" : new QuotedInput(runId)),
                    "give " + RUN_ID + " the MLflow run id of the training run, e.g. 5f1c0a...");
        }
        return runId;
    }

    /** A version number as MLflow prints it: a positive decimal. */
    public static String requireVersion(String version) {
        if (version == null || !version.matches("[1-9][0-9]{0,17}")) {
            throw MlopsException.input("invalid model version '" + version + "'",
                    "give the version number, e.g. 3");
        }
        return version;
    }
}

package io.mlopsbridge.registry;

import io.mlopsbridge.core.QuotedInput;
import java.util.Optional;

/**
 * MLflow's rule for the key of a model version tag, as its server applies it to {@code model-versions/create}
 * (mlflow/utils/validation.py: {@code _validate_model_version_tag} → {@code _validate_tag_name}, then
 * {@code MAX_MODEL_REGISTRY_TAG_KEY_LENGTH}). Applied before anything is written, so that a key the server would
 * refuse is an input error instead of a refused create after the registered model was made.
 *
 * <p>The characters are those of a server on Linux or macOS, which also allows ':' (a Windows server does not);
 * lengths count code points, as Python's {@code len} does.
 */
final class MlflowTagKey {
    static final int MAX_LENGTH = 250;
    static final String ALLOWED = "letters, digits, '_', '-', '.', ' ', ':' and '/'";

    private MlflowTagKey() {
    }

    /** Why MLflow would refuse {@code key}, or empty when it accepts it. */
    static Optional<String> refusal(String key) {
        int length = key.codePointCount(0, key.length());
        if (length > MAX_LENGTH) {
            return Optional.of("MLflow allows at most " + MAX_LENGTH + " characters, it has " + length);
        }
        Optional<String> refused = key.codePoints().filter(c -> !allowed(c)).mapToObj(Character::toString)
                .findFirst();
        if (refused.isPresent()) {
            return Optional.of("MLflow allows only " + ALLOWED + ", not " + new QuotedInput(refused.get()));
        }
        if (!pathLike(key)) {
            return Optional.of("MLflow reads keys as paths: a key may not start with '/' or '..', and no part"
                    + " between '/' may be empty, '.' or '..'");
        }
        return Optional.empty();
    }

    /** Python's {@code \w} on a str (letters, numbers, '_') and the punctuation MLflow adds to it. */
    private static boolean allowed(int c) {
        int type = Character.getType(c);
        return Character.isLetter(c) || type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER || "_-. :/".indexOf(c) >= 0;
    }

    /**
     * MLflow's {@code path_not_unique} turned around: the key is refused when {@code posixpath.normpath} would
     * change it or it would resolve outside (".", a leading ".." or "/"). Normalising changes a key exactly when
     * a part between '/' is empty, "." or ".." (a leading empty part being the leading '/').
     */
    private static boolean pathLike(String key) {
        if (key.startsWith("..")) {
            return false;
        }
        for (String part : key.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }
}

package io.mlopsbridge.registry;

import static io.mlopsbridge.registry.RegistryInputNames.DATASETS;
import static io.mlopsbridge.registry.RegistryInputNames.TAGS;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.QuotedInput;
import io.mlopsbridge.lineage.LineageTags;
import java.util.Map;
import java.util.Optional;

/**
 * The tags the user adds to a new model version: their own ({@code --tag}) and the dataset digests
 * ({@code --dataset-digest}, recorded as {@code mlops.dataset.<name>.digest}). Checked before the first write, so
 * that a tag MLflow would refuse does not leave a registered model without a version behind.
 */
final class VersionTags {
    /**
     * MLflow 3.0 stores at most 5000 characters in a model version tag's value; later servers accept more, but a
     * registration must work against every MLflow 3 server.
     */
    static final int MAX_VALUE_LENGTH = 5000;

    private VersionTags() {
    }

    /**
     * The user's tags may not pose as lineage: {@code mlops.} and {@code mlflow.} keys are what audits and MLflow's
     * UI read, so they come only from the engine. Otherwise MLflow's own rules for keys and values apply.
     */
    static void requireUserTags(Map<String, String> tags) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            if (key == null || key.isBlank()) {
                throw MlopsException.input("tag with an empty key (" + TAGS + ")",
                        "give each tag a name, e.g. "
                                + InputName.wording("tags: [team: 'fraud']", TAGS.option() + " team=fraud"));
            }
            if (key.startsWith("mlops.") || key.startsWith("mlflow.")) {
                throw MlopsException.input("tag '" + key + "' is in the lineage namespace (mlops. and mlflow. tags "
                        + "are written by the registration itself)", "rename it, e.g. '" + key.substring(
                        key.indexOf('.') + 1) + "'");
            }
            Optional<String> refusal = MlflowTagKey.refusal(key);
            if (refusal.isPresent()) {
                throw MlopsException.input("invalid tag key " + new QuotedInput(key) + " (" + TAGS + "): "
                                + refusal.get(),
                        "rename the key, e.g. " + TAGS + " team=fraud");
            }
            if (tag.getValue() == null) {
                throw MlopsException.input("tag " + new QuotedInput(key) + " (" + TAGS + ") has no value",
                        "give it one, e.g. " + TAGS + " team=fraud");
            }
            requireLength(tag.getValue(), "tag " + new QuotedInput(key) + " (" + TAGS + ")");
        }
    }

    /** A dataset's name becomes part of a tag key, so MLflow's rule for keys applies to it there. */
    static void requireDatasetDigests(Map<String, String> digests) {
        int maxName = MlflowTagKey.MAX_LENGTH - LineageTags.datasetDigest("").length();
        for (Map.Entry<String, String> digest : digests.entrySet()) {
            String name = digest.getKey();
            String example = DATASETS + " transactions=sha256:9f86d081...";
            if (name == null || name.isBlank()) {
                throw MlopsException.input("dataset digest without a dataset name (" + DATASETS + ")",
                        "name the dataset, e.g. " + example);
            }
            int length = name.codePointCount(0, name.length());
            if (length > maxName) {
                throw MlopsException.input("dataset name " + new QuotedInput(name) + " (" + DATASETS + ") is too"
                        + " long: the tag key " + LineageTags.datasetDigest("<name>") + " leaves it at most " + maxName
                        + " of MLflow's " + MlflowTagKey.MAX_LENGTH + " characters", "shorten the dataset name, e.g. "
                        + example);
            }
            String key = LineageTags.datasetDigest(name);
            Optional<String> refusal = MlflowTagKey.refusal(key);
            if (refusal.isPresent()) {
                throw MlopsException.input("invalid dataset name " + new QuotedInput(name) + " (" + DATASETS + "):"
                        + " it is recorded in the tag key " + new QuotedInput(key) + ", and " + refusal.get(),
                        "name the dataset with " + MlflowTagKey.ALLOWED + ", e.g. " + example);
            }
            if (digest.getValue() == null || digest.getValue().isBlank()) {
                throw MlopsException.input("dataset " + new QuotedInput(name) + " (" + DATASETS + ") has no digest",
                        "give the dataset's content digest (an empty one is usually an unset variable), e.g. "
                                + example);
            }
            requireLength(digest.getValue(), "dataset " + new QuotedInput(name) + " (" + DATASETS + ")");
        }
    }

    private static void requireLength(String value, String what) {
        int length = value.codePointCount(0, value.length());
        if (length > MAX_VALUE_LENGTH) {
            throw MlopsException.input(what + ": the value has " + length + " characters, MLflow 3 servers accept at"
                    + " most " + MAX_VALUE_LENGTH, "shorten it, or keep long text in an artifact of the run");
        }
    }
}

package io.mlopsbridge.registry;

import io.mlopsbridge.lineage.LineageTags;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.ModelVersion;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the versions a build registered, by the {@link LineageTags#BUILD_KEY} tag sent in the create request, and
 * removes duplicates a retried create may have left: the lowest version wins because it is the one any earlier
 * attempt reported.
 */
final class BuildKeyVersions {
    private final MlflowClient reads;
    private final MlflowClient mlflow;
    private final BuildLog log;

    /** Searches through {@code reads} (which a cancel may cut off), deletes through {@code mlflow}. */
    BuildKeyVersions(MlflowClient reads, MlflowClient mlflow, BuildLog log) {
        this.reads = reads;
        this.mlflow = mlflow;
        this.log = log;
    }

    /** Versions of {@code modelName} tagged with {@code buildKey}, lowest first. */
    List<ModelVersion> find(String modelName, String buildKey) {
        String filter = "name = " + literal(modelName) + " AND tags.`" + LineageTags.BUILD_KEY + "` = "
                + literal(buildKey);
        return reads.searchAllModelVersions(filter).stream()
                .filter(v -> modelName.equals(v.name()) && buildKey.equals(v.tagValues().get(LineageTags.BUILD_KEY)))
                .sorted(Comparator.comparingLong(ModelVersion::versionNumber))
                .toList();
    }

    /**
     * Keeps the lowest of the build's versions and deletes the others, unless an alias points at one (then someone
     * already uses it and it is left alone, with a warning).
     */
    Optional<ModelVersion> keepLowest(String modelName, String buildKey) {
        List<ModelVersion> versions = find(modelName, buildKey);
        if (versions.size() <= 1) {
            return versions.stream().findFirst();
        }
        ModelVersion keep = versions.get(0);
        Set<String> aliased = reads.getRegisteredModel(modelName).aliases().stream()
                .map(a -> a.version()).collect(Collectors.toSet());
        for (ModelVersion duplicate : versions.subList(1, versions.size())) {
            if (aliased.contains(duplicate.version())) {
                log.warn("build " + buildKey + " registered " + modelName + " version " + duplicate.version()
                        + " twice; keeping it because an alias points at it");
                continue;
            }
            log.warn("removing duplicate " + modelName + " version " + duplicate.version() + " of build "
                    + buildKey + " (left by a retried request); version " + keep.version() + " is kept");
            mlflow.deleteModelVersion(modelName, duplicate.version());
        }
        return Optional.of(keep);
    }

    /** A filter string literal; MLflow accepts single or double quotes, so pick one the value does not contain. */
    static String literal(String value) {
        if (!value.contains("'")) {
            return "'" + value + "'";
        }
        if (!value.contains("\"")) {
            return "\"" + value + "\"";
        }
        throw io.mlopsbridge.core.MlopsException.input("'" + value + "' contains both kinds of quote",
                "use a model name and CI job name without quote characters");
    }
}

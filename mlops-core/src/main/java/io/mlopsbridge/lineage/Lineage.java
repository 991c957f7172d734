package io.mlopsbridge.lineage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a registered model version records about where it came from: the release, the build, the training run
 * and the digests of its datasets. {@link #toTags()} gives the model-version tags.
 */
public record Lineage(ReleaseVersion release, BuildInfo build, String trainingRunId,
                      Map<String, String> datasetDigests) {

    public Lineage {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(build, "build");
        datasetDigests = datasetDigests == null ? Map.of() : Map.copyOf(datasetDigests);
    }

    /** Tags in a stable order; unknown values are left out rather than written empty. */
    public Map<String, String> toTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(LineageTags.RELEASE, release.value());
        put(tags, LineageTags.GIT_COMMIT, build.gitCommit());
        put(tags, LineageTags.GIT_REPO_URL, build.gitRepoUrl());
        put(tags, LineageTags.CI_JOB, build.ciJob());
        put(tags, LineageTags.CI_BUILD_NUMBER, build.buildNumber());
        put(tags, LineageTags.CI_BUILD_URL, build.buildUrl());
        put(tags, LineageTags.TRAINING_RUN_ID, trainingRunId);
        datasetDigests.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> tags.put(LineageTags.datasetDigest(e.getKey()), e.getValue()));
        put(tags, LineageTags.REGISTERED_BY, build.registeredBy());
        build.buildKey().ifPresent(key -> tags.put(LineageTags.BUILD_KEY, key));
        return tags;
    }

    private static void put(Map<String, String> tags, String key, String value) {
        if (value != null) {
            tags.put(key, value);
        }
    }
}

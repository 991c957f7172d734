package io.mlopsbridge.registry;

import io.mlopsbridge.lineage.BuildInfo;
import java.util.Objects;

/**
 * Move {@code alias} of {@code modelName} to {@code version}.
 *
 * @param modelName     registered model name
 * @param version       the version to promote; null to take the version holding {@code fromAlias}
 * @param fromAlias     alias naming the version to promote when {@code version} is null (e.g. {@code candidate})
 * @param alias         the alias to move (default {@code champion})
 * @param allowRejected promote even a version whose gate verdict is {@code rejected}
 * @param build         who/which build promotes, recorded as tags
 */
public record PromoteRequest(String modelName, String version, String fromAlias, String alias,
                             boolean allowRejected, BuildInfo build) {
    public static final String DEFAULT_ALIAS = "champion";
    /** Prefix of the alias that remembers the previous holder: {@code previous-champion}. */
    public static final String PREVIOUS_PREFIX = "previous-";

    public PromoteRequest {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(build, "build");
    }

    public static PromoteRequest version(String modelName, String version) {
        return new PromoteRequest(modelName, version, null, DEFAULT_ALIAS, false, BuildInfo.none());
    }

    public static PromoteRequest fromAlias(String modelName, String fromAlias) {
        return new PromoteRequest(modelName, null, fromAlias, DEFAULT_ALIAS, false, BuildInfo.none());
    }

    public PromoteRequest withAlias(String newAlias) {
        return new PromoteRequest(modelName, version, fromAlias, newAlias, allowRejected, build);
    }

    public PromoteRequest withBuild(BuildInfo info) {
        return new PromoteRequest(modelName, version, fromAlias, alias, allowRejected, info);
    }

    public PromoteRequest allowingRejected(boolean allow) {
        return new PromoteRequest(modelName, version, fromAlias, alias, allow, build);
    }

    /** The alias remembering the previous holder of {@code alias}. */
    public static String previousAlias(String alias) {
        return PREVIOUS_PREFIX + alias;
    }
}

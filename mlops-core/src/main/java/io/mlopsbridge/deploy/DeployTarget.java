package io.mlopsbridge.deploy;

import io.mlopsbridge.core.MlopsException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a model version is served. */
public enum DeployTarget {
    /** A KServe InferenceService (serving.kserve.io/v1beta1) with the {@code mlflow} model format. */
    KSERVE,
    /** A plain Deployment and Service running MLflow's scoring server from a user-given image. */
    KUBERNETES,
    /** {@code mlflow models serve} on a loopback port, for CI smoke tests and demos; stopped afterwards. */
    LOCAL;

    /** Parses {@code kserve}, {@code kubernetes} or {@code local} (any case). */
    public static DeployTarget parse(String text) {
        for (DeployTarget target : values()) {
            if (target.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return target;
            }
        }
        throw MlopsException.input(DeployInputNames.TARGET + ": unknown target '" + text + "'",
                "use one of " + Arrays.stream(values()).map(DeployTarget::id).collect(Collectors.joining(", ")));
    }

    /** The lower-case name used on command lines and in tags. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

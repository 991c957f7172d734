package io.mlopsbridge.registry;

import io.mlopsbridge.core.InputName;

/**
 * The inputs of register, promote and rollback as messages name them: the {@code registerModel} step's parameter and
 * the {@code mlops register} (or {@code promote}, {@code rollback}) option. Promote and rollback have no step of
 * their own, and the step reads the build's coordinates from the build, so those inputs exist on the command line
 * only; they keep the parameter name a step would give them.
 */
public final class RegistryInputNames {
    public static final InputName MODEL = InputName.of("model");
    public static final InputName RUN_ID = InputName.of("runId");
    public static final InputName ALIAS = InputName.of("alias");
    public static final InputName CHAMPION_ALIAS = InputName.of("championAlias");
    public static final InputName ARTIFACT_PATH = InputName.of("artifactPath");
    public static final InputName MODEL_URI = InputName.of("modelUri");
    public static final InputName DATASETS = InputName.of("datasets", "--dataset-digest");
    public static final InputName TAGS = InputName.of("tags", "--tag");
    public static final InputName RELEASE = InputName.of("releaseVersion", "--release");
    // Command line only.
    public static final InputName CI_JOB = InputName.of("ciJob");
    public static final InputName BUILD_NUMBER = InputName.of("buildNumber");
    public static final InputName VERSION = InputName.of("version");
    public static final InputName FROM_ALIAS = InputName.of("fromAlias");
    public static final InputName ALLOW_REJECTED = InputName.of("allowRejected");

    private RegistryInputNames() {
    }
}

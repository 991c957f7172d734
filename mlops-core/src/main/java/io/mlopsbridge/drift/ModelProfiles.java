package io.mlopsbridge.drift;

import static io.mlopsbridge.drift.DriftInputNames.PROFILE;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowErrorCode;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.registry.RegistryNames;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a reference profile with a model version in MLflow: as the artifact {@value #ARTIFACT_PATH} of the version's
 * run, named by the version tag {@value #VERSION_TAG}. Addressed as {@code models:/<name>/<version>} or
 * {@code models:/<name>@<alias>}, the URI forms MLflow users know; an alias is resolved to its version once, before any
 * data is read, so the whole check uses one version even if the alias moves meanwhile.
 */
public final class ModelProfiles {
    /** Where the profile lives among the run's artifacts. */
    public static final String ARTIFACT_PATH = "drift/reference-profile.json";
    /** Model version tag that records the profile's artifact path. */
    public static final String VERSION_TAG = "mlops.drift.reference_profile";
    private static final Pattern MODEL_URI = Pattern.compile("models:/([^/@]+)(?:/([0-9]+)|@([^/@]+))");

    private ModelProfiles() {
    }

    /** A model version named by a {@code models:/<name>/<version>} or {@code models:/<name>@<alias>} URI. */
    public record ModelRef(String name, String version, String alias) {
        public ModelRef(String name, String version) {
            this(name, version, null);
        }

        @Override
        public String toString() {
            return alias != null ? "models:/" + name + "@" + alias : "models:/" + name + "/" + version;
        }
    }

    public static boolean isModelUri(String text) {
        return text.startsWith("models:");
    }

    public static ModelRef parse(String text) {
        Matcher m = MODEL_URI.matcher(text);
        if (!m.matches()) {
            throw MlopsException.input("'" + text + "' is not a model version URI",
                    "use models:/<registered model>/<version number> or models:/<registered model>@<alias>, e.g. "
                            + "models:/fraud-detector/3 or models:/fraud-detector@champion");
        }
        String name = RegistryNames.requireModelName(m.group(1));
        return m.group(3) != null ? new ModelRef(name, null, RegistryNames.requireAlias(m.group(3), "alias"))
                : new ModelRef(name, m.group(2));
    }

    /**
     * The version {@code ref} names: itself when it gives a number, else the version its alias points to now (said
     * in the log, as the check's answer depends on it).
     */
    public static ModelRef resolve(MlflowClient mlflow, ModelRef ref, BuildLog log) {
        if (ref.alias() == null) {
            return ref;
        }
        ModelVersion version = mlflow.findAlias(ref.name(), ref.alias()).orElseThrow(() -> MlopsException.input(
                "model " + ref.name() + " has no alias " + ref.alias() + " on MLflow at "
                        + mlflow.config().displayUri(),
                "check the alias, or give the version number: models:/" + ref.name() + "/<version>"));
        ModelRef resolved = new ModelRef(ref.name(), version.version());
        log.info(ref + " is " + resolved);
        return resolved;
    }

    /** Where a profile is kept: the version, and the artifact root of its run. */
    public record UploadTarget(ModelRef ref, String artifactRoot) {
    }

    /**
     * Finds where the version keeps its profile, without writing anything: called before the data is read, so that a
     * version that does not exist (or has no run) is reported before a long read, not after it.
     */
    public static UploadTarget uploadTarget(MlflowClient mlflow, ModelRef ref) {
        return new UploadTarget(ref, runArtifactRoot(mlflow, ref));
    }

    /** Uploads a saved profile file to the version's run and tags the version with its path. */
    public static void upload(MlflowClient mlflow, UploadTarget target, Path profileFile) {
        mlflow.uploadArtifact(target.artifactRoot(), ARTIFACT_PATH, profileFile);
        mlflow.setModelVersionTag(target.ref().name(), target.ref().version(), VERSION_TAG, ARTIFACT_PATH);
    }

    /** Downloads the version's profile to {@code target}. */
    public static Path download(MlflowClient mlflow, ModelRef ref, Path target) {
        String artifactRoot = runArtifactRoot(mlflow, ref);
        try {
            mlflow.downloadArtifact(artifactRoot, ARTIFACT_PATH, target);
        } catch (MlopsException e) {
            if (!MlflowErrorCode.isNotFound(e)) {
                throw e;
            }
            throw MlopsException.input("model version " + ref + " has no drift profile (" + ARTIFACT_PATH
                            + " in its run's artifacts)",
                    "save one with " + InputName.wording("checkDrift(reference: 'DATA', profile: '" + ref + "')",
                            "'mlops drift --reference DATA --profile-out " + ref + "'"));
        }
        return target;
    }

    private static String runArtifactRoot(MlflowClient mlflow, ModelRef ref) {
        if (ref.version() == null) {
            throw new IllegalArgumentException(ref + ": resolve the alias first (ModelProfiles.resolve)");
        }
        ModelVersion version = mlflow.findModelVersion(ref.name(), ref.version()).orElseThrow(() ->
                MlopsException.input("model version " + ref + " not found on MLflow at "
                        + mlflow.config().displayUri(), "check the registered model name and version"));
        if (version.runId() == null || version.runId().isBlank()) {
            throw MlopsException.input("model version " + ref + " has no run to keep the profile with",
                    "save the profile as a file (" + PROFILE + " FILE) and archive it with the build");
        }
        return mlflow.getRun(version.runId()).info().artifactUri();
    }
}

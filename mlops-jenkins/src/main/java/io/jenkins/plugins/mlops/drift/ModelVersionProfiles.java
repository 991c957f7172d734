package io.jenkins.plugins.mlops.drift;

import hudson.FilePath;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.DriftInputNames;
import io.mlopsbridge.drift.ModelProfiles;
import io.mlopsbridge.drift.profile.ProfileFile;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.MlflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * checkDrift's {@code reference} and {@code profile} given as a model version in MLflow ({@code models:/NAME/VERSION}
 * or {@code models:/NAME@ALIAS}), as {@code mlops drift --reference} and {@code --profile-out} take them, through the
 * same engine calls ({@link ModelProfiles}). MLflow is talked to from the controller only (the agent never gets the
 * credential): before the agent's work, the reference's alias is resolved and its profile downloaded and copied into
 * a hidden file in the workspace, and the profile's version is found (it exists and has a run); the agent reads and
 * writes those files; after the comparison succeeded, the profile the agent wrote is uploaded from the controller.
 * {@link #close()} deletes every scratch file, in the workspace and on the controller.
 */
final class ModelVersionProfiles implements AutoCloseable {
    private static final String SCRATCH_PREFIX = ".mlops-drift-";

    private final ModelProfiles.ModelRef reference;
    private final ModelProfiles.ModelRef profile;
    private FilePath workspace;
    private Path controllerScratch;
    private String referenceOnAgent;
    private String profileOnAgent;
    private ModelProfiles.UploadTarget uploadTarget;

    private ModelVersionProfiles(ModelProfiles.ModelRef reference, ModelProfiles.ModelRef profile) {
        this.reference = reference;
        this.profile = profile;
    }

    /**
     * The model versions {@code spec} names, parsed without asking MLflow: a malformed URI is one line naming its
     * parameter, as is a model version as the reference of a step without {@code current} (a saved profile, and
     * nothing to profile), before anything is read.
     */
    static ModelVersionProfiles of(DriftSpec spec) {
        ModelProfiles.ModelRef reference = parse(spec.reference(), DriftInputNames.REFERENCE);
        ModelProfiles.ModelRef profile = spec.profile() == null ? null
                : parse(spec.profile(), DriftInputNames.PROFILE);
        if (reference != null && spec.current() == null) {
            throw MlopsException.input(DriftInputNames.REFERENCE + ": " + spec.reference() + " is already a saved "
                    + "profile, and without current there is nothing to profile", "give current, the data to compare "
                    + "with it, e.g. current: 'data/last-week.csv'");
        }
        return new ModelVersionProfiles(reference, profile);
    }

    private static ModelProfiles.ModelRef parse(String value, InputName input) {
        return ModelProfiles.isModelUri(value) ? naming(input, () -> ModelProfiles.parse(value)) : null;
    }

    /** Whether MLflow is needed: either parameter names a model version. */
    boolean any() {
        return reference != null || profile != null;
    }

    /**
     * Everything MLflow is asked before the agent reads anything: the reference's profile is downloaded and copied
     * into the workspace, the profile's version found. Returns the spec the agent gets, with workspace files in place
     * of the model versions. {@code mlflow} is the client for reads, which the step's stop cuts off.
     */
    DriftSpec prepare(DriftSpec spec, MlflowClient mlflow, FilePath workspace, BuildLog log)
            throws IOException, InterruptedException {
        this.workspace = workspace;
        String referenceFile = spec.reference();
        if (reference != null) {
            ModelProfiles.ModelRef version = naming(DriftInputNames.REFERENCE,
                    () -> ModelProfiles.resolve(mlflow, reference, log));
            Path target = scratch().resolve("reference.json");
            Path downloaded = naming(DriftInputNames.REFERENCE, () -> ModelProfiles.download(mlflow, version, target));
            naming(DriftInputNames.REFERENCE, () -> ProfileFile.load(downloaded)); // a damaged one fails here
            referenceOnAgent = SCRATCH_PREFIX + "reference-" + UUID.randomUUID() + ".json";
            new FilePath(downloaded.toFile()).copyTo(workspace.child(referenceOnAgent));
            referenceFile = referenceOnAgent;
            log.info("drift: reference profile from " + version);
        }
        if (profile == null) {
            return spec.withFiles(referenceFile, spec.profile(), false);
        }
        uploadTarget = naming(DriftInputNames.PROFILE, () -> ModelProfiles.uploadTarget(mlflow,
                ModelProfiles.resolve(mlflow, profile, log)));
        profileOnAgent = SCRATCH_PREFIX + "profile-" + UUID.randomUUID() + ".json";
        return spec.withFiles(referenceFile, profileOnAgent, true);
    }

    /** Whether {@link #upload} has a model version to keep the profile with. */
    boolean uploads() {
        return uploadTarget != null;
    }

    /** After the agent's work succeeded: the profile it wrote is kept with the model version ({@link #uploads}). */
    void upload(MlflowClient mlflow, BuildLog log) throws IOException, InterruptedException {
        Path file = scratch().resolve("profile.json");
        workspace.child(profileOnAgent).copyTo(new FilePath(file.toFile()));
        ModelProfiles.upload(mlflow, uploadTarget, file);
        log.info("drift: saved reference profile with " + uploadTarget.ref() + " (" + ModelProfiles.ARTIFACT_PATH
                + ")");
    }

    /** Deletes the scratch files: the workspace's hidden copies and the controller's folder. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            for (String name : new String[] {referenceOnAgent, profileOnAgent}) {
                if (name != null) {
                    workspace.child(name).delete();
                }
            }
        } finally {
            if (controllerScratch != null) {
                try (Stream<Path> files = Files.walk(controllerScratch)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private Path scratch() throws IOException {
        if (controllerScratch == null) {
            controllerScratch = Files.createTempDirectory("mlops-drift-");
        }
        return controllerScratch;
    }

    /**
     * Runs an engine call whose input mistakes (a malformed URI, a version or alias not found, a version without a
     * profile or a run) are reported as one line naming {@code input}; remote failures pass unchanged.
     */
    private static <T> T naming(InputName input, Supplier<T> call) {
        try {
            return call.get();
        } catch (MlopsException e) {
            if (e.kind() != ErrorKind.INPUT) {
                throw e;
            }
            throw MlopsException.input(input + ": " + e.oneLine(InputNaming.STEP_PARAMETERS), null);
        }
    }
}

package io.jenkins.plugins.mlops.fingerprint;

import hudson.model.Fingerprint;
import hudson.model.Run;
import java.io.IOException;
import jenkins.model.Jenkins;

/**
 * A model version as a Jenkins fingerprint: its id is the engine's 32-hex model identity (registry URL, name,
 * version), so every build in every job that touches the same version adds to the same fingerprint. The build that
 * registers a version is its original; every other build is a use. Each use also adds a {@link ModelFacet} saying
 * what the build did.
 */
public final class ModelFingerprints {
    private ModelFingerprints() {
    }

    /** The name the fingerprint page shows for a model version. */
    public static String displayName(String model, String version) {
        return "MLflow model " + model + " v" + version;
    }

    public static Fingerprint record(Run<?, ?> run, String identity, String model, String version, ModelUse use,
                                     String detail) throws IOException {
        Run<?, ?> original = use == ModelUse.REGISTERED ? run : null;
        Fingerprint fingerprint = Jenkins.get().getFingerprintMap().getOrCreate(original,
                displayName(model, version), identity);
        // The fingerprint is shared by concurrent builds of several jobs; its monitor guards its facets.
        synchronized (fingerprint) {
            fingerprint.addFor(run);
            fingerprint.getFacets().add(new ModelFacet(fingerprint, System.currentTimeMillis(),
                    run.getParent().getFullName(), run.getNumber(), use, detail == null ? "" : detail));
            fingerprint.save();
        }
        return fingerprint;
    }
}

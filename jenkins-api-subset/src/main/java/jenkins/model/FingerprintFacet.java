package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.model.Fingerprint;

public abstract class FingerprintFacet implements ExtensionPoint {
    /** Subset: kept as upstream keeps it (transient, the facet lives inside its fingerprint). */
    private transient Fingerprint fingerprint;
    private final long timestamp;

    protected FingerprintFacet(@NonNull Fingerprint fingerprint, long timestamp) {
        this.fingerprint = fingerprint;
        this.timestamp = timestamp;
    }

    public long getTimestamp() {
        return timestamp;
    }
}

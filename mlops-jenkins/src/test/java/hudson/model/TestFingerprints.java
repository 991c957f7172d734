package hudson.model;

import java.util.List;
import jenkins.model.Jenkins;

/** Test-only: reads the controller's fingerprints as the fingerprint pages would (the subset keeps them in memory). */
public final class TestFingerprints {
    private TestFingerprints() {
    }

    public static Fingerprint get(String id) {
        return Jenkins.get().getFingerprintMap().stored(id);
    }

    public static String id(Fingerprint fingerprint) {
        return fingerprint.id();
    }

    /** The name the fingerprint page shows. */
    public static String fileName(Fingerprint fingerprint) {
        return fingerprint.fileName();
    }

    /** {@code job#number} of the build that produced it, or null. */
    public static String original(Fingerprint fingerprint) {
        return fingerprint.original();
    }

    /** {@code job#number} of every build that used it, first use first. */
    public static List<String> usages(Fingerprint fingerprint) {
        return fingerprint.usages();
    }

    public static void clear() {
        Jenkins.get().getFingerprintMap().clear();
    }
}

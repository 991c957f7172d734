package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.KeyedDataStorage;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public final class FingerprintMap extends KeyedDataStorage<Fingerprint, FingerprintMap.FingerprintParams> {
    /** Subset: the fingerprints of this JVM, by id; upstream they are XML files under JENKINS_HOME/fingerprints. */
    private final Map<String, Fingerprint> fingerprints = new ConcurrentHashMap<>();

    /** Subset: made once by {@link jenkins.model.Jenkins}. */
    public FingerprintMap() {
    }

    public @NonNull Fingerprint getOrCreate(@CheckForNull Run build, @NonNull String fileName, @NonNull String md5sum)
            throws IOException {
        return fingerprints.computeIfAbsent(md5sum, id -> new Fingerprint(build, fileName, id));
    }

    /** Test-only: what upstream's {@code get(String)} reads from disk. */
    Fingerprint stored(String id) {
        return fingerprints.get(id);
    }

    void clear() {
        fingerprints.clear();
    }

    static class FingerprintParams {
    }
}

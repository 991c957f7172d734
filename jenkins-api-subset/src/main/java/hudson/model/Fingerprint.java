package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.FingerprintFacet;

public class Fingerprint implements ModelObject, Saveable {
    /** Subset: {@code job#number} of the producing build, or null. */
    private final String original;
    private final String fileName;
    private final String id;
    /** Subset: {@code job#number} of every build that used it, in the order they did; upstream a range set per job. */
    private final List<String> usages = new CopyOnWriteArrayList<>();
    private final List<FingerprintFacet> facets = new CopyOnWriteArrayList<>();

    /** Subset: upstream's constructor takes the producing build, the file name and the MD5 bytes. */
    Fingerprint(@CheckForNull Run build, @NonNull String fileName, @NonNull String id) {
        this.original = build == null ? null : key(build);
        this.fileName = fileName;
        this.id = id;
    }

    String fileName() {
        return fileName;
    }

    String id() {
        return id;
    }

    public void addFor(@NonNull Run b) throws IOException {
        String key = key(b);
        if (!usages.contains(key)) {
            usages.add(key);
        }
    }

    public @NonNull Collection<FingerprintFacet> getFacets() {
        return facets;
    }

    /** Subset: nothing is written; the fingerprint lives in this JVM's map. */
    public synchronized void save() throws IOException {
    }

    String original() {
        return original;
    }

    List<String> usages() {
        return List.copyOf(usages);
    }

    private static String key(Run<?, ?> build) {
        return (build.getParent() == null ? "?" : build.getParent().getFullName()) + "#" + build.getNumber();
    }
}

package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;
import org.kohsuke.stapler.export.CustomExportedBean;

public final class Result implements Serializable, CustomExportedBean {
    private static final long serialVersionUID = 1L;

    public static final @NonNull Result UNSTABLE = new Result("UNSTABLE");

    private final String name;

    private Result(@NonNull String name) {
        this.name = name;
    }

    @Override
    public @NonNull String toString() {
        return name;
    }

    /** Result is compared by identity in Jenkins; keep that across Java serialization. */
    private Object readResolve() {
        return UNSTABLE.name.equals(name) ? UNSTABLE : this;
    }
}

package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import jenkins.model.Loadable;
import jenkins.util.io.OnMaster;

public abstract class Descriptor<T extends Describable<T>> implements Loadable, Saveable, OnMaster {

    protected Descriptor() {
    }

    @NonNull
    public String getDisplayName() {
        throw new UnsupportedOperationException("subset: override getDisplayName()");
    }

    /** Subset: there is no JENKINS_HOME to write {@code <id>.xml} to, so saving keeps the values in memory only. */
    public synchronized void save() {
    }

    /** Subset: nothing was ever saved to a JENKINS_HOME, so there is nothing to load. */
    public synchronized void load() {
    }
}

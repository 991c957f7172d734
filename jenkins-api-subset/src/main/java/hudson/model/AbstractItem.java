package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.AccessControlled;
import jenkins.model.Loadable;
import org.kohsuke.stapler.HttpDeletable;
import org.kohsuke.stapler.StaplerProxy;

public abstract class AbstractItem extends Actionable implements Loadable, Item, HttpDeletable, AccessControlled,
        DescriptorByNameOwner, StaplerProxy {
    /** Test-only: the item's full name, e.g. {@code fraud/main}; upstream it is derived from the item's parents. */
    private final String fullName;

    AbstractItem() {
        this("job");
    }

    AbstractItem(String fullName) {
        this.fullName = fullName;
    }

    public final @NonNull String getFullName() {
        return fullName;
    }
}

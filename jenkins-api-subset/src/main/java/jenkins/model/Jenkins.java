package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.AbstractCIBase;
import hudson.model.DescriptorByNameOwner;
import hudson.model.FingerprintMap;
import hudson.model.ModifiableViewGroup;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import jenkins.util.io.OnMaster;
import org.kohsuke.stapler.StaplerFallback;
import org.kohsuke.stapler.StaplerProxy;

public class Jenkins extends AbstractCIBase implements DirectlyModifiableTopLevelItemGroup, StaplerProxy,
        StaplerFallback, ModifiableViewGroup, AccessControlled, DescriptorByNameOwner, ModelObjectWithContextMenu,
        ModelObjectWithChildren, OnMaster, Loadable {
    public static final Permission ADMINISTER = Permission.HUDSON_ADMINISTER;

    /** Subset: the one controller of a test JVM; upstream it is created when the web application starts. */
    private static final Jenkins INSTANCE = new Jenkins();

    private final FingerprintMap fingerprintMap = new FingerprintMap();

    private Jenkins() {
    }

    public FingerprintMap getFingerprintMap() {
        return fingerprintMap;
    }

    @NonNull
    public static Jenkins get() throws IllegalStateException {
        return INSTANCE;
    }
}

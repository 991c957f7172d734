package hudson.security;

import java.util.Objects;

public final class Permission {
    @Deprecated
    public static final Permission HUDSON_ADMINISTER = new Permission("hudson.model.Hudson.Administer");
    public static final Permission CONFIGURE = new Permission("hudson.security.Permission.GenericConfigure");

    /** Subset: upstream builds a permission from its group and name; here the id is all a test needs. */
    private final String id;

    private Permission(String id) {
        this.id = id;
    }

    @Override
    public String toString() {
        return "Permission[" + id + "]";
    }
}

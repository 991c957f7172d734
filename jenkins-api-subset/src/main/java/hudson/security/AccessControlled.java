package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;

public interface AccessControlled {
    default boolean hasPermission(@NonNull Permission permission) {
        return ACL.granted(permission);
    }
}

package hudson.security;

import java.util.Set;

/** Test-only: what the user making the current request may do, as Jenkins' authorization strategy would answer. */
public final class TestPermissions {
    private TestPermissions() {
    }

    public static void grant(Permission... permissions) {
        ACL.grant(Set.of(permissions));
    }

    public static void none() {
        ACL.grant(Set.of());
    }
}

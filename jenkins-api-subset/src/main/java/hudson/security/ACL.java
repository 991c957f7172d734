package hudson.security;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.springframework.security.core.Authentication;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

public abstract class ACL {
    public static final Authentication SYSTEM2 = new UsernamePasswordAuthenticationToken("SYSTEM", "SYSTEM");

    /**
     * Test-only stand-in for the authorization strategy: the permissions the user making the current request has,
     * on every object. Set through {@code hudson.security.TestPermissions}.
     */
    private static final Set<Permission> GRANTED = new CopyOnWriteArraySet<>();

    ACL() {
    }

    static boolean granted(Permission permission) {
        return GRANTED.contains(permission);
    }

    static void grant(Set<Permission> permissions) {
        GRANTED.clear();
        GRANTED.addAll(permissions);
    }
}

package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.ItemGroup;
import hudson.model.Run;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jenkins.ui.icon.IconSpec;
import org.springframework.security.core.Authentication;

public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements ExtensionPoint, Describable<CredentialsProvider>, IconSpec {

    /**
     * Test-only store standing in for Jenkins' credential stores and their permission checks: id → credential.
     * Filled through {@link #store(String, Credentials)}; a missing id is what Jenkins reports for a missing
     * credential and for one the build may not use.
     */
    private static final Map<String, Credentials> STORE = new ConcurrentHashMap<>();
    /** Test-only record of what {@link #track(Run, Credentials)} was called with, as "where used" would show. */
    private static final List<Credentials> TRACKED = new CopyOnWriteArrayList<>();

    CredentialsProvider() {
    }

    static void store(String id, Credentials credentials) {
        STORE.put(id, credentials);
    }

    static void clear() {
        STORE.clear();
        TRACKED.clear();
    }

    static List<Credentials> tracked() {
        return List.copyOf(TRACKED);
    }

    @CheckForNull
    public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type,
                                                                 @NonNull Run<?, ?> run) {
        Credentials found = STORE.get(id);
        return type.isInstance(found) ? type.cast(found) : null;
    }

    @SuppressWarnings("rawtypes") // upstream takes a raw Run
    @CheckForNull
    public static <C extends Credentials> C track(@NonNull Run build, @CheckForNull C credentials) {
        if (credentials != null) {
            TRACKED.add(credentials);
        }
        return credentials;
    }

    /** Subset: every stored credential of that type, as if all were in the global domain and visible. */
    @NonNull
    public static <C extends Credentials> List<C> lookupCredentialsInItemGroup(@NonNull Class<C> type,
                                                                               @Nullable ItemGroup itemGroup,
                                                                               @Nullable Authentication authentication) {
        return STORE.values().stream().filter(type::isInstance).map(type::cast).toList();
    }
}

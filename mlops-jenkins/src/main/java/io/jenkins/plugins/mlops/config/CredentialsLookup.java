package io.jenkins.plugins.mlops.config;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Run;
import hudson.security.ACL;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Credentials by id for one build, as the build's user may use them (Jenkins answers "not found" both for a missing
 * id and for one the build may not use), and tracked so the credential's "where used" lists the build.
 */
public final class CredentialsLookup {
    /** Where credentials are looked up: as a build, or (for the configuration page) in Jenkins' global scope. */
    private interface Source {
        <C extends IdCredentials> C find(String id, Class<C> type);
    }

    private final Source source;
    private final String scope;

    public CredentialsLookup(Run<?, ?> run) {
        Objects.requireNonNull(run, "run");
        this.source = new Source() {
            @Override
            public <C extends IdCredentials> C find(String id, Class<C> type) {
                return CredentialsProvider.track(run, CredentialsProvider.findCredentialById(id, type, run));
            }
        };
        this.scope = "that this build may use";
    }

    private CredentialsLookup(Source source, String scope) {
        this.source = source;
        this.scope = scope;
    }

    /**
     * Jenkins' global credentials as the system sees them: for the configuration page's "Test connection", whose
     * callers have checked that the user is an administrator.
     */
    static CredentialsLookup global() {
        return new CredentialsLookup(new Source() {
            @Override
            public <C extends IdCredentials> C find(String id, Class<C> type) {
                return CredentialsProvider.lookupCredentialsInItemGroup(type, Jenkins.get(), ACL.SYSTEM2).stream()
                        .filter(c -> c.getId().equals(id)).findFirst().orElse(null);
            }
        }, "in Jenkins' global credentials");
    }

    /**
     * An HTTP credential: secret text as a bearer token, username with password as basic auth; none for a null id.
     * {@code parameter} names the step parameter or setting the id came from, for the error line.
     */
    public Credentials http(String credentialsId, String parameter) {
        if (credentialsId == null) {
            return Credentials.none();
        }
        StringCredentials token = find(credentialsId, StringCredentials.class);
        if (token != null) {
            return Credentials.bearer(token.getSecret().getPlainText(), "credential '" + credentialsId + "'");
        }
        StandardUsernamePasswordCredentials basic = find(credentialsId, StandardUsernamePasswordCredentials.class);
        if (basic != null) {
            return Credentials.basic(basic.getUsername(), basic.getPassword().getPlainText());
        }
        throw notFound(credentialsId, parameter, "a 'Secret text' or 'Username with password' credential");
    }

    /** The text of a secret-text credential (e.g. a service-account token). */
    public String secretText(String credentialsId, String parameter) {
        StringCredentials token = find(credentialsId, StringCredentials.class);
        if (token == null) {
            throw notFound(credentialsId, parameter, "a 'Secret text' credential");
        }
        return token.getSecret().getPlainText();
    }

    /** The content of a secret-file credential (e.g. a kubeconfig), as UTF-8 text. */
    public String secretFile(String credentialsId, String parameter) {
        FileCredentials file = find(credentialsId, FileCredentials.class);
        if (file == null) {
            throw notFound(credentialsId, parameter, "a 'Secret file' credential");
        }
        try (InputStream in = file.getContent()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw MlopsException.input("cannot read secret file credential '" + credentialsId + "' (" + parameter
                    + "): " + e.getMessage(), "check the credential in Manage Jenkins > Credentials");
        }
    }

    private <C extends IdCredentials> C find(String id, Class<C> type) {
        return source.find(id.strip(), type);
    }

    private MlopsException notFound(String id, String parameter, String kind) {
        return MlopsException.input(parameter + ": no credential '" + id + "' " + scope,
                "add " + kind + " with id '" + id + "' in Manage Jenkins > Credentials, or give its id in "
                        + parameter);
    }
}

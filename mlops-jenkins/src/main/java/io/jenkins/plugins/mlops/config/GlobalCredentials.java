package io.jenkins.plugins.mlops.config;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Credentials of Jenkins' global scope as the configuration page sees them: the pickers' entries and the secrets a
 * "Test connection" uses. The page is for administrators (every caller checks {@code Jenkins.ADMINISTER} first),
 * so it looks them up as the system. Builds use {@link CredentialsLookup} instead, which asks as the build.
 */
final class GlobalCredentials {
    /** What an HTTP server (MLflow, Kubeflow) accepts: a bearer token or basic auth. */
    static final List<Class<? extends StandardCredentials>> HTTP =
            List.of(StringCredentials.class, StandardUsernamePasswordCredentials.class);

    private GlobalCredentials() {
    }

    /** Picker entries of {@code types}, with an empty choice, keeping the saved value even when it is gone. */
    static ListBoxModel picker(String current, List<Class<? extends StandardCredentials>> types) {
        StandardListBoxModel model = new StandardListBoxModel();
        model.includeEmptyValue();
        for (Class<? extends StandardCredentials> type : types) {
            model.includeAs(ACL.SYSTEM2, Jenkins.get(), type);
        }
        model.includeCurrentValue(current == null ? "" : current);
        return model;
    }

    /** A secret-text credential as a bearer token, username/password as basic auth, none for a blank id. */
    static Credentials http(String id, String setting) {
        if (MlopsConfiguration.blankToNull(id) == null) {
            return Credentials.none();
        }
        StringCredentials token = find(id, StringCredentials.class);
        if (token != null) {
            return Credentials.bearer(token.getSecret().getPlainText());
        }
        StandardUsernamePasswordCredentials basic = find(id, StandardUsernamePasswordCredentials.class);
        if (basic != null) {
            return Credentials.basic(basic.getUsername(), basic.getPassword().getPlainText());
        }
        throw missing(id, setting, "a 'Secret text' or 'Username with password' credential");
    }

    static String secretText(String id, String setting) {
        StringCredentials token = find(id, StringCredentials.class);
        if (token == null) {
            throw missing(id, setting, "a 'Secret text' credential");
        }
        return token.getSecret().getPlainText();
    }

    static String secretFile(String id, String setting) {
        FileCredentials file = find(id, FileCredentials.class);
        if (file == null) {
            throw missing(id, setting, "a 'Secret file' credential");
        }
        try (InputStream in = file.getContent()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw MlopsException.input(setting + ": cannot read secret file credential '" + id + "'",
                    "check the credential in Manage Jenkins > Credentials");
        }
    }

    private static <C extends IdCredentials> C find(String id, Class<C> type) {
        String wanted = id.strip();
        return CredentialsProvider.lookupCredentialsInItemGroup(type, Jenkins.get(), ACL.SYSTEM2).stream()
                .filter(c -> c.getId().equals(wanted)).findFirst().orElse(null);
    }

    private static MlopsException missing(String id, String setting, String kind) {
        return MlopsException.input(setting + ": no global credential '" + id + "'",
                "add " + kind + " with id '" + id + "' in Manage Jenkins > Credentials");
    }
}

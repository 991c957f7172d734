package io.jenkins.plugins.mlops.config;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The configuration page's credential pickers: credentials of Jenkins' global scope, listed as the system sees
 * them, because the page is for administrators (every caller checks {@code Jenkins.ADMINISTER} first). The secrets
 * a "Test connection" uses come from {@link CredentialsLookup#global()}.
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
}

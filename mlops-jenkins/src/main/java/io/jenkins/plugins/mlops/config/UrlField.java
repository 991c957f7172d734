package io.jenkins.plugins.mlops.config;

import hudson.util.FormValidation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The configuration page's check of a server address, before anything is saved or contacted. */
final class UrlField {
    private UrlField() {
    }

    static FormValidation check(String value, String server) {
        String url = MlopsConfiguration.blankToNull(value);
        if (url == null) {
            return FormValidation.ok();
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return FormValidation.error("Not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            return FormValidation.error("The " + server + " address must be an http:// or https:// URL, e.g. "
                    + "https://" + server.toLowerCase(Locale.ROOT).replace(' ', '-') + ".example.com");
        }
        if (uri.getRawUserInfo() != null) {
            return FormValidation.error("Put no user name or password in the URL; choose a credential instead");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            return FormValidation.warning("Plain http: the credential is sent unencrypted to " + uri.getHost());
        }
        return FormValidation.ok();
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }
}

package io.mlopsbridge.deploy;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.UrlSanitizer;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The URL of a Kubernetes API server as a user writes it. Checked where it is given, so that a missing scheme
 * ({@code 10.0.0.1:6443}, which {@link URI} reads as a scheme or refuses) is named before anything connects.
 */
public final class ApiServerUrl {
    private ApiServerUrl() {
    }

    /**
     * @param input how the error names the value, e.g. {@code "deploy: --kube-server"}
     * @throws MlopsException (input) unless {@code text} is an http(s) URL with a host and no credentials in it
     */
    public static URI parse(String text, String input) {
        URI url;
        try {
            url = new URI(text == null ? "" : text.strip());
        } catch (URISyntaxException e) {
            url = null;
        }
        if (url == null || url.getHost() == null
                || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))) {
            throw MlopsException.input(input + " '" + UrlSanitizer.sanitize(String.valueOf(text))
                    + "' is not an http(s) URL", "write the API server URL as https://HOST:PORT, e.g."
                    + " https://k8s.example.com:6443");
        }
        // The URL is shown and kept whole (the command line, the job's configuration, a rollout's record), so a
        // credential in it is refused rather than cleaned, as the other URLs of a deployment are.
        if (UrlSanitizer.carriesCredentials(text)) {
            throw MlopsException.input(input + " must not contain a user name or password or a credential parameter",
                    "give the API server's token another way: $MLOPS_KUBE_TOKEN for mlops deploy, a Secret text "
                            + "credential in Jenkins");
        }
        return url;
    }
}

package io.mlopsbridge.deploy;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.UrlSanitizer;
import java.util.regex.Pattern;

/**
 * A container image as Kubernetes passes it to the runtime, checked before anything is written: the API server
 * refuses a malformed one (HTTP 422) only when the Deployment is applied, after the rollout record was saved.
 */
final class ImageReference {
    /**
     * Docker's reference grammar (distribution/reference): {@code [registry[:port]/]path[:tag][@digest]}, the path
     * lower case, no whitespace or control characters anywhere.
     */
    private static final Pattern GRAMMAR;

    static {
        String domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
        String host = "(?:" + domainComponent + "(?:\\." + domainComponent + ")*|\\[[a-fA-F0-9:]+\\])";
        String pathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
        String tag = "[\\w][\\w.-]{0,127}";
        String digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
        GRAMMAR = Pattern.compile("(?:" + host + "(?::[0-9]+)?/)?" + pathComponent + "(?:/" + pathComponent + ")*"
                + "(?::" + tag + ")?(?:@" + digest + ")?");
    }

    private ImageReference() {
    }

    static void require(String image, InputName option) {
        if (GRAMMAR.matcher(image).matches()) {
            return;
        }
        // A reference has no place for a registry login, so a value that carries one is not repeated: the refusal is
        // printed and kept (a console, the Jenkins step's error). Asked only of a refused value, since the digest of
        // a valid one (name:tag@sha256:...) reads like user:password@host to the sanitizer.
        if (!UrlSanitizer.sanitize(image).equals(image)) {
            throw MlopsException.input("deploy: " + option + " must not contain a user name or password or a"
                    + " credential parameter", "give the cluster the registry login as an imagePullSecret of the"
                    + " service account passed with " + DeployInputNames.SERVICE_ACCOUNT);
        }
        throw MlopsException.input("deploy: " + option + " '" + image + "' is not an image reference",
                "write [registry[:port]/]name[:tag][@digest] with a lower-case name and no spaces, e.g."
                        + " registry.example.com/fraud-serving:1.4");
    }
}

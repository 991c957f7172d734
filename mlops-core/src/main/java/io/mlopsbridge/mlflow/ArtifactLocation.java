package io.mlopsbridge.mlflow;

import io.mlopsbridge.core.MlopsException;
import java.net.URI;

/**
 * Maps an artifact URI that MLflow hands out ({@code mlflow-artifacts:/1/<run>/artifacts},
 * {@code mlflow-artifacts://host:port/...} or the equivalent {@code http(s)://.../api/2.0/mlflow-artifacts/artifacts/...})
 * to the path the server's proxied artifact endpoints take. Other schemes (s3://, file://) mean the server does not
 * proxy artifacts; we refuse them rather than write to storage behind the server's back.
 */
final class ArtifactLocation {
    static final String ENDPOINT = "api/2.0/mlflow-artifacts/artifacts";

    private ArtifactLocation() {
    }

    /** The server-side path for {@code relative} under {@code artifactUri}, without leading or trailing slashes. */
    static String serverPath(String artifactUri, String relative) {
        String root = rootPath(artifactUri);
        String rel = relative == null ? "" : trimSlashes(relative.replace('\\', '/'));
        for (String segment : rel.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw MlopsException.input("artifact path '" + relative + "' must not contain '.' or '..' segments",
                        "give a path relative to the artifact root, e.g. model/MLmodel");
            }
        }
        if (root.isEmpty()) {
            return rel;
        }
        return rel.isEmpty() ? root : root + "/" + rel;
    }

    static String rootPath(String artifactUri) {
        URI uri = URI.create(artifactUri);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (scheme.equals("mlflow-artifacts")) {
            return trimSlashes(uri.getPath() == null ? "" : uri.getPath());
        }
        if (scheme.equals("http") || scheme.equals("https")) {
            String path = uri.getPath() == null ? "" : uri.getPath();
            int at = path.indexOf("/" + ENDPOINT);
            if (at >= 0) {
                return trimSlashes(path.substring(at + ENDPOINT.length() + 1));
            }
        }
        throw MlopsException.input("artifact location '" + artifactUri + "' is not served by the MLflow server",
                "the experiment's artifact location must be mlflow-artifacts:/...: start mlflow server without"
                        + " --default-artifact-root (or with --default-artifact-root mlflow-artifacts:/) and with"
                        + " --artifacts-destination for the storage behind it; an experiment keeps the location it was"
                        + " created with, so use a new experiment after changing the server");
    }

    static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}

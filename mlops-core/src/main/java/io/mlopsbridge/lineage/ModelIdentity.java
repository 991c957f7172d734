package io.mlopsbridge.lineage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A stable 32-hex-digit name for one model version in one registry, used as the Jenkins fingerprint of the model.
 *
 * <p>Byte layout hashed with SHA-256 (the identity is the first 16 bytes, as 32 lowercase hex digits):
 * <pre>
 *   UTF-8(registry URL) 0x00 UTF-8(model name) 0x00 UTF-8(version)
 * </pre>
 * The registry URL is normalised first: scheme and host lower-cased, no user info, no query or fragment, no trailing
 * '/'; so {@code HTTP://MLflow:5000/} and {@code http://mlflow:5000} give the same identity. NUL separates the fields
 * because none of them can contain it, so no two different triples hash the same bytes.
 */
public record ModelIdentity(String hex) {

    public ModelIdentity {
        Objects.requireNonNull(hex, "hex");
        if (!hex.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("model identity must be 32 lowercase hex digits: " + hex);
        }
    }

    public static ModelIdentity of(String registryUrl, String modelName, String version) {
        byte[] separator = {0};
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        sha256.update(normalise(registryUrl).getBytes(StandardCharsets.UTF_8));
        sha256.update(separator);
        sha256.update(modelName.getBytes(StandardCharsets.UTF_8));
        sha256.update(separator);
        sha256.update(version.getBytes(StandardCharsets.UTF_8));
        return new ModelIdentity(HexFormat.of().formatHex(sha256.digest(), 0, 16));
    }

    static String normalise(String registryUrl) {
        URI uri = URI.create(registryUrl.strip());
        StringBuilder s = new StringBuilder();
        if (uri.getScheme() != null) {
            s.append(uri.getScheme().toLowerCase(Locale.ROOT)).append("://");
        }
        if (uri.getHost() != null) {
            s.append(uri.getHost().toLowerCase(Locale.ROOT));
        } else if (uri.getRawAuthority() != null) {
            // java.net.URI finds no host in mlflow_server:5000 (the '_'); the authority still names the server.
            s.append(uri.getRawAuthority().toLowerCase(Locale.ROOT));
        }
        if (uri.getHost() != null && uri.getPort() >= 0) {
            s.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return s.append(path).toString();
    }

    @Override
    public String toString() {
        return hex;
    }
}

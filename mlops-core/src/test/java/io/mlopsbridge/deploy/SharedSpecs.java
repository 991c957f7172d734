package io.mlopsbridge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The official specification files the deploy tests validate against, kept unchanged in the test resources (see
 * {@code src/test/resources/kserve/SOURCE.md}). Each is checked against the sha256 of the upstream file, so a
 * validation can never silently run against an edited schema; a missing or changed file fails the test.
 */
final class SharedSpecs {
    private static final Map<String, String> SHA256 = Map.of(
            "kserve/serving.kserve.io_inferenceservices.yaml",
            "57c3bf13f77de94678bf2ae3748056ec071ad2b9e88d6a28f44fb4710758fcff");

    private SharedSpecs() {
    }

    static Path file(String relative) {
        URL resource = SharedSpecs.class.getResource("/" + relative);
        if (resource == null || !SHA256.containsKey(relative)) {
            throw new IllegalStateException("specification " + relative + " is not in the test resources");
        }
        try {
            Path file = Path.of(resource.toURI());
            String actual = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            if (!actual.equals(SHA256.get(relative))) {
                throw new IllegalStateException("specification " + relative + " differs from the upstream file "
                        + "(sha256 " + actual + ")");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

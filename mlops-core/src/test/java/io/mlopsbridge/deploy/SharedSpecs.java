package io.mlopsbridge.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    /**
     * The spec as a file. Read through the class loader because other modules' tests get it from the mlops-core
     * test jar; copied to a temporary file once its digest is checked, since the loaders take a path.
     */
    static synchronized Path file(String relative) {
        if (!SHA256.containsKey(relative)) {
            throw new IllegalStateException("no known specification " + relative);
        }
        try (InputStream in = SharedSpecs.class.getResourceAsStream("/" + relative)) {
            if (in == null) {
                throw new IllegalStateException("specification " + relative + " is not in the test resources");
            }
            byte[] bytes = in.readAllBytes();
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            if (!actual.equals(SHA256.get(relative))) {
                throw new IllegalStateException("specification " + relative + " differs from the upstream file "
                        + "(sha256 " + actual + ")");
            }
            Path copy = Files.createTempFile("spec-", "-" + Path.of(relative).getFileName());
            copy.toFile().deleteOnExit();
            return Files.write(copy, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

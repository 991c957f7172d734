package io.mlopsbridge.kfp;

import io.mlopsbridge.core.IoFailure;
import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A bearer token read from a file each time it is needed. Kubernetes rotates projected service-account tokens
 * (about hourly) by replacing the file, so caching the content would make long waits fail with 401.
 */
final class TokenFile implements Supplier<String> {
    private final Path file;

    TokenFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public String get() {
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw MlopsException.input("KFP token file " + file + " is empty",
                        "point it at a projected service-account token (audience pipelines.kubeflow.org)");
            }
            return token;
        } catch (CharacterCodingException e) {
            // The decoder's own words ("Input length = 1") say nothing about the file.
            throw MlopsException.input("KFP token file " + file + " is not text: it is not UTF-8",
                    "point it at the token itself, e.g. the projected /var/run/secrets/kubeflow/pipelines/token");
        } catch (IOException e) {
            throw MlopsException.input("KFP token file " + file + " cannot be read: " + IoFailure.reason(e, file),
                    "check the path; in a pod it is usually /var/run/secrets/kubeflow/pipelines/token");
        }
    }

    @Override
    public String toString() {
        return "token file " + file;
    }
}

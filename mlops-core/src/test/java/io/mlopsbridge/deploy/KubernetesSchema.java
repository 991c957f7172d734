package io.mlopsbridge.deploy;

import io.mlopsbridge.mlflow.MlflowServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official Kubernetes OpenAPI schemas, strict (unknown fields rejected), through the {@code kubernetes-validate}
 * package that {@code scripts/setup-python.sh} installs in {@code .venv} (it ships the schemas generated from the
 * API server's OpenAPI document for each Kubernetes release). Used for the Deployment and Service the
 * {@code kubernetes} target writes and prints.
 */
public final class KubernetesSchema {
    /** The oldest release still supported upstream when this was written; fields newer than it would be refused. */
    public static final String KUBERNETES_VERSION = "1.33.0";

    private KubernetesSchema() {
    }

    /** The validator's complaints about the YAML or JSON documents in {@code manifests}; empty when all are valid. */
    public static List<String> violations(String manifests) {
        Path validator = MlflowServerExtension.pythonExecutable().resolveSibling("kubernetes-validate");
        if (!Files.isExecutable(validator)) {
            throw new IllegalStateException(validator + " is missing: run scripts/setup-python.sh");
        }
        try {
            Path file = Files.createTempFile("manifests", ".yaml");
            try {
                Files.writeString(file, manifests);
                Process process = new ProcessBuilder(validator.toString(), "--strict", "--quiet", "--no-warn",
                        "-k", KUBERNETES_VERSION, file.toString()).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubernetes-validate did not finish");
                }
                return process.exitValue() == 0 ? List.of()
                        : output.lines().filter(l -> !l.isBlank()).toList();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.mlopsbridge.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's Python environment ({@code .venv} at the repository root, made by scripts/setup-python.sh). */
final class Venv {
    private Venv() {
    }

    static Path python() {
        return bin("python");
    }

    static Path mlflow() {
        return bin("mlflow");
    }

    private static Path bin(String name) {
        Path start = Path.of(System.getProperty("mlops.repo.root", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".venv").resolve("bin").resolve(name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(".venv/bin/" + name + " not found from " + start
                + "; run scripts/setup-python.sh");
    }
}

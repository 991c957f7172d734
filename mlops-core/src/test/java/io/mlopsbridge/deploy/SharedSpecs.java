package io.mlopsbridge.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's shared specification files ({@code shared/specs}), which sit beside the repository in CI
 * and above the work tree on a developer machine. A missing spec fails the test: validation must never be skipped.
 */
final class SharedSpecs {
    private SharedSpecs() {
    }

    static Path file(String relative) {
        Path start = Path.of(System.getProperty("mlops.repo.root", System.getProperty("user.dir")))
                .toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("specs").resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/specs/" + relative + " not found in " + start + " or above");
    }
}

package io.mlopsbridge.kfp;

import java.nio.file.Files;
import java.nio.file.Path;

/** The committed example pipelines, compiled by the kfp SDK. */
public final class ExamplePipelines {
    private ExamplePipelines() {
    }

    public static Path repoRoot() {
        String root = System.getProperty("mlops.repo.root");
        Path dir = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (no examples/ folder above "
                    + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }

    public static Path fraudDetectionYaml() {
        return repoRoot().resolve("examples/fraud-detection/pipeline.yaml");
    }

    public static PipelineSpecFile fraudDetection() {
        return PipelineSpecFile.read(fraudDetectionYaml());
    }
}

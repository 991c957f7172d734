package io.mlopsbridge.kfp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The committed example pipelines, compiled by the kfp SDK, and declared parameters of each type. */
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

    /**
     * Runtime parameters a training pipeline declares, one of each type a user sets (two strings), all optional:
     * for binding values without a pipeline file.
     */
    public static List<ParameterSpec> parametersOfEachType() {
        return List.of(
                new ParameterSpec("n_estimators", ParameterType.NUMBER_INTEGER, null, true),
                new ParameterSpec("learning_rate", ParameterType.NUMBER_DOUBLE, null, true),
                new ParameterSpec("early_stopping", ParameterType.BOOLEAN, null, true),
                new ParameterSpec("features", ParameterType.LIST, null, true),
                new ParameterSpec("grid", ParameterType.STRUCT, null, true),
                new ParameterSpec("data_path", ParameterType.STRING, null, true),
                new ParameterSpec("run_label", ParameterType.STRING, null, true));
    }
}

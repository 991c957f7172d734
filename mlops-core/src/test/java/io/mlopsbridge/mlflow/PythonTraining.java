package io.mlopsbridge.mlflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Logs a real scikit-learn model with MLflow's own Python client ({@code mlflow.sklearn.log_model}), so tests
 * register exactly what a user's training script leaves behind: an MLflow 3 logged model, not run artifacts.
 */
public final class PythonTraining {
    /** What the script logged. */
    public record LoggedRun(String runId, String modelId) {
    }

    private PythonTraining() {
    }

    public static LoggedRun logSklearnModel(MlflowServer server, String experiment, double aucOffset) {
        if (server.basicAuth()) {
            throw new IllegalArgumentException("the helper logs without credentials; use the plain server");
        }
        Path python = MlflowServerExtension.pythonExecutable();
        try {
            Path script = Files.createTempFile("log_sklearn_model", ".py");
            try (InputStream in = PythonTraining.class.getResourceAsStream("log_sklearn_model.py")) {
                Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Path output = Files.createTempFile("log_sklearn_model", ".out");
            ProcessBuilder builder = new ProcessBuilder(python.toString(), script.toString(), experiment,
                    Double.toString(aucOffset))
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("MLFLOW_"));
            builder.environment().put("MLFLOW_TRACKING_URI", server.trackingUri());
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("log_sklearn_model.py did not finish in 180 s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.deleteIfExists(script);
            Files.deleteIfExists(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("log_sklearn_model.py failed:\n" + text);
            }
            return new LoggedRun(value(text, "RUN_ID="), value(text, "MODEL_ID="));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String value(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b)
                .map(l -> l.substring(prefix.length()).strip())
                .orElseThrow(() -> new IllegalStateException("no " + prefix + " in:\n" + output));
    }
}

package io.mlopsbridge.train;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.ProcessTree;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.Experiment;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.RunStatus;
import io.mlopsbridge.mlflow.Tag;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a training command on this machine inside an MLflow run the step creates. The command sees
 * {@code MLFLOW_TRACKING_URI}, {@code MLFLOW_RUN_ID}, {@code MLFLOW_EXPERIMENT_ID} and {@code MLOPS_RELEASE_VERSION}
 * (so {@code mlflow.start_run()} resumes the step's run); its output streams to the build log; when it exits the run
 * is ended FINISHED or FAILED and its metrics returned. On timeout the whole process tree is killed and the run
 * marked KILLED.
 */
public final class LocalTraining {
    /** How long a killed command may take to exit after SIGTERM before it gets SIGKILL. */
    public static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final MlflowClient mlflow;
    private final BuildLog log;

    public LocalTraining(MlflowClient mlflow, BuildLog log) {
        this.mlflow = Objects.requireNonNull(mlflow, "mlflow");
        this.log = Objects.requireNonNull(log, "log");
    }

    public TrainingResult run(LocalTrainingRequest request) {
        requireExecutable(request);
        Experiment experiment = mlflow.getOrCreateExperiment(request.experimentName());
        List<Tag> tags = new ArrayList<>();
        tags.add(new Tag("mlflow.source.name", String.join(" ", request.command())));
        tags.add(new Tag("mlflow.source.type", "LOCAL"));
        if (request.releaseVersion() != null) {
            tags.add(new Tag("mlops.release_version", request.releaseVersion()));
        }
        Run run = mlflow.createRun(experiment.experimentId(), request.runName(), tags);
        String runId = run.runId();
        log.info("MLflow run " + runId + " started in experiment '" + request.experimentName() + "'");

        Process process;
        try {
            process = processBuilder(request, experiment.experimentId(), runId).start();
        } catch (IOException e) {
            mlflow.endRun(runId, RunStatus.FAILED);
            throw MlopsException.input("cannot start training command '" + request.command().get(0) + "': "
                    + e.getMessage(), "check the command and that it is executable on this machine");
        }
        Thread output = streamOutput(process);
        RunStatus status;
        String failure = null;
        try {
            if (process.waitFor(request.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                int exit = process.exitValue();
                status = exit == 0 ? RunStatus.FINISHED : RunStatus.FAILED;
                if (exit != 0) {
                    failure = "training command exited with code " + exit;
                }
            } else {
                ProcessTree.stop(process, KILL_GRACE);
                status = RunStatus.KILLED;
                failure = "training command did not finish within the timeout of " + human(request.timeout())
                        + "; it was killed";
            }
            output.join(KILL_GRACE.toMillis());
        } catch (InterruptedException e) {
            // The build was aborted: stop the command, record it, and let the abort go on.
            ProcessTree.stop(process, KILL_GRACE);
            mlflow.endRun(runId, RunStatus.KILLED);
            Thread.currentThread().interrupt();
            throw MlopsException.remote("training aborted; MLflow run " + runId + " marked KILLED", null, "KILLED", e);
        }
        mlflow.endRun(runId, status);
        Map<String, Double> metrics = mlflow.getRun(runId).data().metricValues();
        log.info("MLflow run " + runId + " " + status + (metrics.isEmpty() ? " (no metrics logged)"
                : ": " + metrics));
        if (failure != null) {
            failure += "; MLflow run " + runId + " marked " + status;
        }
        return new TrainingResult(TrainingResult.LOCAL, status.name(), status == RunStatus.FINISHED, runId,
                experiment.experimentId(), metrics, null, null, null, null, request.releaseVersion(), failure);
    }

    private ProcessBuilder processBuilder(LocalTrainingRequest request, String experimentId, String runId) {
        ProcessBuilder pb = new ProcessBuilder(request.command()).redirectErrorStream(true);
        if (request.workingDir() != null) {
            pb.directory(request.workingDir().toFile());
        }
        Map<String, String> env = pb.environment();
        env.putAll(request.environment());
        env.putAll(mlflow.config().toEnvironment());
        env.put("MLFLOW_RUN_ID", runId);
        env.put("MLFLOW_EXPERIMENT_ID", experimentId);
        if (request.releaseVersion() != null) {
            env.put("MLOPS_RELEASE_VERSION", request.releaseVersion());
        }
        return pb;
    }

    private Thread streamOutput(Process process) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    log.info("| " + line);
                }
            } catch (IOException e) {
                // the stream closes when the process is killed
            }
        }, "training-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Refuses a command that cannot start before anything is written to MLflow. */
    private static void requireExecutable(LocalTrainingRequest request) {
        String program = request.command().get(0);
        Path base = request.workingDir() != null ? request.workingDir() : Path.of("");
        if (program.contains("/")) {
            Path path = base.resolve(program);
            if (!Files.isExecutable(path)) {
                throw MlopsException.input("training command '" + program + "' is not an executable file",
                        "check the path (relative paths start from " + base.toAbsolutePath() + ")");
            }
            return;
        }
        String pathVar = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVar.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        throw MlopsException.input("training command '" + program + "' is not on the PATH",
                "give its full path, e.g. .venv/bin/python");
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}

package io.mlopsbridge.train;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ExecutableProgram;
import io.mlopsbridge.core.InterruptShield;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.OneLine;
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
 * marked KILLED. An abort never leaves the run RUNNING: its create and its end are let finish whatever aborts them
 * (a {@link Cancellation} does not cut them off; an interrupt cannot, {@link InterruptShield}).
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

    /**
     * Opens the MLflow run that training code elsewhere logs to (the first half of a block step): creates the
     * experiment when missing and the run with the source and release tags {@link #run} gives its runs. An interrupt
     * of this thread (a Jenkins abort) while the run is created lets the create finish, ends the run KILLED and
     * throws {@link MlopsException#aborted} saying so, with the interrupt still set.
     *
     * @param runName        MLflow run name, or null to let MLflow pick one
     * @param releaseVersion tagged on the run and given as MLOPS_RELEASE_VERSION, or null
     * @param sourceName     what trains, for {@code mlflow.source.name} (a command line, a Jenkins job)
     */
    public OpenTrainingRun open(String experimentName, String runName, String releaseVersion, String sourceName) {
        return open(experimentName, runName, releaseVersion, sourceName, Cancellation.none());
    }

    /**
     * {@link #open(String, String, String, String)}, honouring {@code cancellation}: a cancel cuts the experiment
     * lookup off (nothing is created) or, once the run's create is sent, lets it finish and ends the run KILLED;
     * either way it throws {@link MlopsException#aborted} saying so.
     */
    public OpenTrainingRun open(String experimentName, String runName, String releaseVersion, String sourceName,
                                Cancellation cancellation) {
        Experiment experiment = experiment(experimentName, cancellation);
        cancellation.throwIfCancelled(); // before the run exists: nothing to end
        List<Tag> tags = new ArrayList<>();
        tags.add(new Tag("mlflow.source.name", sourceName));
        tags.add(new Tag("mlflow.source.type", "LOCAL"));
        if (releaseVersion != null) {
            tags.add(new Tag("mlops.release_version", releaseVersion));
        }
        // A create cut off by an interrupt may have created the run and lost its id: it would stay RUNNING.
        InterruptShield.Outcome<Run> created = InterruptShield.call("mlflow-create-run",
                () -> mlflow.createRun(experiment.experimentId(), runName, tags));
        String runId = created.value().runId();
        log.info("MLflow run " + runId + " started in experiment '" + experimentName + "'");
        OpenTrainingRun run = new OpenTrainingRun(runId, experiment.experimentId(), releaseVersion);
        if (created.interrupted() || cancellation.isCancelled()) {
            throw MlopsException.aborted(killed(run, null), null);
        }
        return run;
    }

    /**
     * Ends an opened run with the training's outcome (the second half) and returns its metrics as the result. An
     * interrupt of this thread (a Jenkins abort) before or while the run is ended lets the end arrive, then throws
     * {@link MlopsException#aborted} naming the run and the status it ended with, with the interrupt still set.
     *
     * @param failure why it did not finish, one line, or null
     */
    public TrainingResult close(OpenTrainingRun run, RunStatus status, String failure) {
        return close(run, status, failure, false);
    }

    private TrainingResult close(OpenTrainingRun run, RunStatus status, String failure, boolean timedOut) {
        if (end(run, status)) {
            throw MlopsException.aborted("MLflow run " + run.runId() + " " + status
                    + (status == RunStatus.KILLED ? "" : ": the training had ended before the abort"), null);
        }
        Map<String, Double> metrics = mlflow.getRun(run.runId()).data().metricValues();
        log.info("MLflow run " + run.runId() + " " + status + (metrics.isEmpty() ? " (no metrics logged)"
                : ": " + metrics));
        String why = failure == null && status != RunStatus.FINISHED ? "training ended " + status : failure;
        return new TrainingResult(TrainingResult.LOCAL, status.name(), status == RunStatus.FINISHED, run.runId(),
                run.experimentId(), metrics, null, null, null, null, run.releaseVersion(),
                why == null ? null : why + "; MLflow run " + run.runId() + " marked " + status, timedOut);
    }

    /**
     * Runs the command inside a new run and waits for it (the CLI). A cancel at any moment stops the command's
     * whole process tree, ends the run KILLED and throws {@link MlopsException#aborted} saying so.
     */
    public TrainingResult run(LocalTrainingRequest request, Cancellation cancellation) {
        requireExecutable(request);
        cancellation.throwIfCancelled();
        OpenTrainingRun run = open(request.experimentName(), request.runName(), request.releaseVersion(),
                String.join(" ", request.command()), cancellation);
        Process process;
        try {
            process = processBuilder(request, run).start();
        } catch (IOException e) {
            // Checked above, so something changed since (the file or the working directory went): the run exists
            // now, so this is a training that failed, not an input error (which promises nothing was written).
            // The process API's own words "Cannot run program ..." are left out; its cause says what went wrong.
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            return close(run, RunStatus.FAILED, "training command '" + request.command().get(0)
                    + "' could not start (" + OneLine.of(why) + ")");
        }
        Thread output = streamOutput(process);
        RunStatus status;
        String failure = null;
        boolean timedOut = false;
        try (Cancellation.Registration stop = cancellation.onCancel(() -> ProcessTree.stop(process, KILL_GRACE))) {
            if (process.waitFor(millisAtMost(request.timeout()), TimeUnit.MILLISECONDS)) {
                int exit = process.exitValue();
                status = exit == 0 ? RunStatus.FINISHED : RunStatus.FAILED;
                if (exit != 0) {
                    failure = "training command exited with code " + exit;
                }
            } else {
                ProcessTree.stop(process, KILL_GRACE);
                status = RunStatus.KILLED;
                timedOut = true;
                failure = "training command did not finish within the timeout of " + human(request.timeout())
                        + "; it was killed";
            }
            output.join(KILL_GRACE.toMillis());
        } catch (InterruptedException e) {
            // The thread was interrupted (a Jenkins abort): the same as a cancel. Clean up before re-setting the
            // flag, or the MLflow call that marks the run KILLED would be interrupted too.
            MlopsException aborted = MlopsException.aborted(killed(run, process), e);
            Thread.currentThread().interrupt();
            throw aborted;
        }
        if (cancellation.isCancelled()) {
            throw MlopsException.aborted(killed(run, process), null);
        }
        return close(run, status, failure, timedOut);
    }

    /**
     * The experiment, looked up (and created when missing) before anything of the training exists: a cancel cuts the
     * lookup, or the experiment's create, off (a hung MLflow would otherwise hold the abort for its read timeout) and
     * ends it as aborted; an experiment created all the same is empty and found by name next time.
     */
    private Experiment experiment(String name, Cancellation cancellation) {
        return cancellation.abortingOnCancel(() -> mlflow.cancelledBy(cancellation).getOrCreateExperiment(name));
    }

    /** Stops the command's tree (again: idempotent) and ends the run KILLED; the one-line abort summary. */
    private String killed(OpenTrainingRun run, Process process) {
        String summary = "";
        if (process != null) {
            ProcessTree.stop(process, KILL_GRACE);
            summary = "training command (pid " + process.pid() + ") and its child processes stopped; ";
        }
        try {
            end(run, RunStatus.KILLED);
            summary += "MLflow run " + run.runId() + " KILLED";
        } catch (MlopsException e) {
            summary += "MLflow run " + run.runId() + " could not be marked KILLED (" + e.getMessage() + ")";
        }
        return summary;
    }

    /**
     * Ends the run with {@code status}, an interrupt notwithstanding (cut off, it could leave the run RUNNING);
     * true when this thread was interrupted, whose flag is then set again.
     */
    private boolean end(OpenTrainingRun run, RunStatus status) {
        return InterruptShield.call("mlflow-end-run", () -> mlflow.endRun(run.runId(), status)).interrupted();
    }

    private ProcessBuilder processBuilder(LocalTrainingRequest request, OpenTrainingRun run) {
        ProcessBuilder pb = new ProcessBuilder(request.command()).redirectErrorStream(true);
        if (request.workingDir() != null) {
            pb.directory(request.workingDir().toFile());
        }
        Map<String, String> env = pb.environment();
        env.putAll(request.environment());
        env.putAll(run.environment(mlflow.config()));
        return pb;
    }

    private Thread streamOutput(Process process) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    log.relay("| " + line);
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
        ExecutableProgram.require(request.command().get(0),
                request.workingDir() != null ? request.workingDir() : Path.of(""), "training command", "python",
                "give its full path, e.g. .venv/bin/python");
    }

    /**
     * The timeout in milliseconds, a longer one than a long holds as the longest wait there is: front ends refuse
     * such timeouts when they read them ({@code DurationText.LONGEST}), but a request may come from elsewhere.
     */
    private static long millisAtMost(Duration timeout) {
        try {
            return timeout.toMillis();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}

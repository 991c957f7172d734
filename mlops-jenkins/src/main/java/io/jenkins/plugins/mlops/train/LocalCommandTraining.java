package io.jenkins.plugins.mlops.train;

import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Proc;
import io.jenkins.plugins.mlops.AbortedStep;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.StepFailure;
import io.jenkins.plugins.mlops.WaitDurations;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.MaskingOutputStream;
import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.mlflow.RunStatus;
import io.mlopsbridge.train.OpenTrainingRun;
import io.mlopsbridge.train.TrainingResult;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jenkins.util.Timer;

/**
 * The Freestyle build step's local form: {@code sh -c command} on the build's agent (through its {@link Launcher},
 * in the workspace) inside an MLflow run, with the build's variables, the run's and the masked credentials; the
 * run is closed FINISHED, FAILED or KILLED with the command's exit code, the build's abort or the step's
 * {@code timeout}, at which the command and its child processes are killed (as {@code mlops train --timeout} does).
 */
final class LocalCommandTraining {
    private final TrainSpec spec;
    private final String command;

    LocalCommandTraining(TrainSpec spec, String command) {
        this.spec = spec;
        this.command = command;
    }

    /** Trains; a failing command fails the build (AbortException), an abort ends the run KILLED and is rethrown. */
    void run(StepEnvironment build, FilePath workspace, Launcher launcher) throws InterruptedException, AbortException {
        SecretMasker masker = SecretMasker.none();
        List<String> secrets = List.of();
        try {
            LocalTrainingRun training = LocalTrainingRun.of(spec, build);
            masker = training.masker();
            secrets = training.secrets();
            OpenTrainingRun run = training.openAbortably();
            Exit exit = launch(training, run, build, workspace, launcher);
            TrainingResult result = exit.timedOut()
                    // As the engine's LocalTraining words a timeout for the command line's --timeout.
                    ? training.close(run, RunStatus.KILLED, "training command did not finish within the timeout of "
                            + spec.timeout() + "; it was killed")
                    : training.close(run, exit.code() == 0 ? RunStatus.FINISHED : RunStatus.FAILED,
                            exit.code() == 0 ? null : "training command exited with code " + exit.code());
            result.requireSucceeded();
        } catch (InterruptedException aborted) {
            throw aborted;
        } catch (Exception e) {
            if (e instanceof MlopsException m && m.kind() == ErrorKind.ABORTED) {
                // The engine ended the run when the abort met its create or end; Jenkins only says the build was
                // aborted, so say what became of the run, as the Kubeflow form does.
                build.log(secrets).warn("aborted: " + m.getMessage());
            }
            // The MLflow calls run on the executor thread: an abort may come back as a failed call.
            AbortedStep.rethrowIfAborted(e);
            throw StepFailure.of(e, masker);
        }
    }

    private Exit launch(LocalTrainingRun training, OpenTrainingRun run, StepEnvironment build, FilePath workspace,
                        Launcher launcher) throws InterruptedException, IOException {
        Map<String, String> variables = new LinkedHashMap<>(build.variables());
        variables.putAll(training.variables(run));
        try (OutputStream console = new MaskingOutputStream(new BuildConsole(build.listener().getLogger()),
                training.masker())) {
            Proc proc = launcher.launch().cmds("sh", "-c", command).envs(variables).pwd(workspace).stdout(console)
                    .start();
            AtomicBoolean timedOut = new AtomicBoolean();
            ScheduledFuture<?> deadline = spec.timeout() == null ? null : Timer.get().schedule(() -> {
                timedOut.set(true);
                kill(proc, training);
            }, TimeUnit.MILLISECONDS.convert(WaitDurations.timeout(spec.timeout())), TimeUnit.MILLISECONDS);
            try {
                int code = proc.join();
                return new Exit(code, timedOut.get());
            } finally {
                if (deadline != null) {
                    deadline.cancel(false);
                }
            }
        } catch (InterruptedException aborted) {
            // The executor was interrupted (the build was aborted); the launcher has stopped the command.
            training.close(run, RunStatus.KILLED, "the build was aborted");
            throw aborted;
        } catch (IOException e) {
            training.close(run, RunStatus.FAILED, "training command could not start");
            throw new AbortException("trainModel: cannot run the command on the agent: " + e.getMessage());
        }
    }

    /** Kills the command and its children on the agent (Jenkins' {@code Proc.kill} ends the process tree). */
    private static void kill(Proc proc, LocalTrainingRun training) {
        try {
            proc.kill();
        } catch (IOException | InterruptedException | RuntimeException e) {
            training.log().warn("could not kill the training command at its timeout: " + e);
        }
    }

    /** How the command ended: its exit code, and whether it was killed at the timeout. */
    private record Exit(int code, boolean timedOut) {
    }

    /** The build's console, which goes on after the command: closing the masking stream must not close it. */
    private static final class BuildConsole extends FilterOutputStream {
        BuildConsole(OutputStream console) {
            super(console);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

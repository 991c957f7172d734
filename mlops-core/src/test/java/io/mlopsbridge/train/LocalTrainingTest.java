package io.mlopsbridge.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Local training commands against the real MLflow server, with real Python scripts. */
@ExtendWith(MlflowServerExtension.class)
class LocalTrainingTest {
    private final MlflowClient mlflow;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final LocalTraining training;
    private final String experiment = "local-training-" + UUID.randomUUID();

    LocalTrainingTest(MlflowServer server) {
        this.mlflow = server.client();
        this.training = new LocalTraining(mlflow, new io.mlopsbridge.log.BuildLog() {
            @Override
            public void info(String line) {
                log.add(line);
            }

            @Override
            public void warn(String line) {
                log.add("WARN " + line);
            }
        });
    }

    static String python() {
        return MlflowServerExtension.pythonExecutable().toString();
    }

    static String script(String name) {
        return ExamplePipelines.repoRoot().resolve("mlops-core/src/test/resources/train/" + name).toString();
    }

    private LocalTrainingRequest request(Duration timeout, String... command) {
        return new LocalTrainingRequest(List.of(command), null, experiment, "build-17", "1.4.0", timeout, Map.of());
    }

    @Test
    void theExampleScriptsMetricsAndModelArriveInTheStepsRun() {
        String train = ExamplePipelines.repoRoot().resolve("examples/fraud-detection/train.py").toString();
        TrainingResult result = training.run(request(Duration.ofMinutes(3), python(), train, "--n-samples", "2000",
                "--n-estimators", "10"), Cancellation.none());

        assertThat(result.succeeded()).as(String.join("\n", log)).isTrue();
        assertThat(result.status()).isEqualTo("FINISHED");
        assertThat(result.metrics()).containsOnlyKeys("auc", "f1", "precision", "recall", "accuracy");
        assertThat(result.metrics().get("auc")).isBetween(0.5, 1.0);
        Run run = mlflow.getRun(result.mlflowRunId());
        assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.data().paramValues()).containsEntry("n_estimators", "10");
        assertThat(run.data().tagValues()).containsEntry("mlops.release_version", "1.4.0");
        assertThat(mlflow.searchLoggedModels(List.of(run.info().experimentId()),
                "source_run_id = '" + run.runId() + "'"))
                .as("the sklearn model logged by the script").singleElement()
                .satisfies(m -> assertThat(m.name()).isEqualTo("model"));
        assertThat(log).anySatisfy(l -> assertThat(l).startsWith("| run " + result.mlflowRunId() + ": auc="));
    }

    @Test
    void theCommandSeesTheRunItShouldLogTo() {
        TrainingResult result = training.run(request(Duration.ofMinutes(1), python(), script("print_env.py")), Cancellation.none());

        Run run = mlflow.getRun(result.mlflowRunId());
        assertThat(log).contains(
                "| MLFLOW_TRACKING_URI=" + mlflow.config().trackingUri(),
                "| MLFLOW_RUN_ID=" + result.mlflowRunId(),
                "| MLFLOW_EXPERIMENT_ID=" + run.info().experimentId(),
                "| MLOPS_RELEASE_VERSION=1.4.0");
        assertThat(result.metrics()).isEmpty();
    }

    @Test
    void aFailingCommandMarksTheRunFailedAndKeepsWhatItLogged() {
        TrainingResult result = training.run(request(Duration.ofMinutes(1), python(), script("failing_train.py")), Cancellation.none());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.status()).isEqualTo("FAILED");
        assertThat(result.failure()).isEqualTo("training command exited with code 3; MLflow run "
                + result.mlflowRunId() + " marked FAILED");
        assertThat(result.metrics()).containsEntry("loss", 0.731);
        assertThat(mlflow.getRun(result.mlflowRunId()).info().status()).isEqualTo(RunStatus.FAILED);
        assertThat(log).contains("| ValueError: input contains NaN");
        assertThatThrownBy(result::requireSucceeded).isInstanceOfSatisfying(MlopsException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.REMOTE));
    }

    @Test
    void theTimeoutKillsTheWholeProcessTreeAndMarksTheRunKilled(@TempDir Path dir) throws Exception {
        Path childPid = dir.resolve("child.pid");
        TrainingResult result = training.run(request(Duration.ofSeconds(4), python(), script("slow_train.py"),
                childPid.toString()), Cancellation.none());

        assertThat(result.status()).isEqualTo("KILLED");
        assertThat(result.failure()).startsWith("training command did not finish within the timeout of 4s; "
                + "it was killed");
        assertThat(mlflow.getRun(result.mlflowRunId()).info().status()).isEqualTo(RunStatus.KILLED);
        long pid = Long.parseLong(Files.readString(childPid).strip());
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the child process").isEmpty();
        assertThatThrownBy(result::requireSucceeded).as("reported as a timeout, as a KFP run's deadline is")
                .isInstanceOfSatisfying(MlopsException.class,
                        e -> assertThat(e.remoteCode()).contains("DEADLINE_EXCEEDED"));
    }

    @Test
    void anAbortedBuildKillsTheCommandAndMarksTheRunKilled(@TempDir Path dir) throws Exception {
        abortMidTraining(dir, Cancellation.none(), build -> build.interrupt()); // what Jenkins does on abort
    }

    @Test
    void aCancelStopsTheCommandsWholeProcessTreeAndMarksTheRunKilled(@TempDir Path dir) throws Exception {
        Cancellation cancellation = Cancellation.create();
        abortMidTraining(dir, cancellation, build -> cancellation.cancel("SIGTERM")); // the CLI on a signal
    }

    /** Starts slow_train.py (which starts a child), aborts it once it trains, and checks nothing is left. */
    private void abortMidTraining(Path dir, Cancellation cancellation, Consumer<Thread> abort) throws Exception {
        Path childPid = dir.resolve("child.pid");
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread build = new Thread(() -> {
            try {
                training.run(request(Duration.ofMinutes(5), python(), script("slow_train.py"), childPid.toString()),
                        cancellation);
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        build.start();
        while (!log.contains("| epoch 1/1000") && build.isAlive()) {
            Thread.sleep(20);
        }

        abort.accept(build);
        build.join(30_000);

        assertThat(failure.get()).isInstanceOf(MlopsException.class)
                .hasMessageMatching("training command \\(pid \\d+\\) and its child processes stopped; "
                        + "MLflow run \\w+ KILLED")
                .satisfies(e -> assertThat(((MlopsException) e).kind()).isEqualTo(ErrorKind.ABORTED));
        String runId = failure.get().getMessage().replaceAll(".*MLflow run (\\w+) KILLED.*", "$1");
        assertThat(mlflow.getRun(runId).info().status()).isEqualTo(RunStatus.KILLED);
        long pid = Long.parseLong(Files.readString(childPid).strip());
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the child process").isEmpty();
    }

    @Test
    void aTimeoutLongerThanMillisecondsCanHoldWaitsForTheCommandInsteadOfOverflowing() {
        // The CLI and the steps refuse such a timeout when they read it; the engine must not overflow all the same.
        TrainingResult result = training.run(request(Duration.ofSeconds(Long.MAX_VALUE), python(), "-c", "pass"),
                Cancellation.none());

        assertThat(result.status()).as(String.join("\n", log)).isEqualTo("FINISHED");
        assertThat(mlflow.getRun(result.mlflowRunId()).info().status()).isEqualTo(RunStatus.FINISHED);
    }

    @Test
    void aCommandThatCannotStartIsRefusedBeforeAnyRunIsCreated() {
        assertThatThrownBy(() -> training.run(request(Duration.ofMinutes(1), "no-such-trainer", "train.py"),
                Cancellation.none()))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).isEqualTo("training command 'no-such-trainer' is not on the PATH");
                });
        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
    }

    @Test
    void aScriptWhoseInterpreterIsMissingIsRefusedBeforeAnyRunIsCreated(@TempDir Path dir) throws Exception {
        // What a moved or deleted virtualenv leaves behind: the script is there, its #! interpreter is not.
        Path trainer = Files.writeString(dir.resolve("train"), "#!/opt/gone/.venv/bin/python3 -u\nprint('hi')\n");
        assertThat(trainer.toFile().setExecutable(true)).isTrue();

        assertThatThrownBy(() -> training.run(request(Duration.ofMinutes(1), trainer.toString(), "--epochs", "3"),
                Cancellation.none()))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).isEqualTo("training command '" + trainer + "' cannot start: its"
                            + " interpreter '/opt/gone/.venv/bin/python3' (its #! line) does not exist");
                    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("#!"));
                });
        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
    }

    @Test
    void aCommandThatFailsToStartOnceTheRunExistsEndsItFailedAsATrainingThatFailed(@TempDir Path dir) {
        // The working directory vanishes between the checks and the start: the run exists by then, so this is no
        // input error (those promise nothing was written) but a training that failed, with its run ended FAILED.
        Path gone = dir.resolve("workspace-deleted-meanwhile");
        LocalTrainingRequest request = new LocalTrainingRequest(List.of(python(), "-c", "pass"), gone, experiment,
                "build-17", "1.4.0", Duration.ofMinutes(1), Map.of());

        TrainingResult result = training.run(request, Cancellation.none());

        assertThat(result.status()).isEqualTo("FAILED");
        assertThat(result.failure()).startsWith("training command '" + python() + "' could not start (")
                .doesNotContain("Cannot run program")
                .endsWith("; MLflow run " + result.mlflowRunId() + " marked FAILED");
        assertThat(mlflow.getRun(result.mlflowRunId()).info().status()).isEqualTo(RunStatus.FAILED);
        assertThatThrownBy(result::requireSucceeded).isInstanceOfSatisfying(MlopsException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.REMOTE));
    }

    @Test
    void aDirectoryGivenAsTheCommandIsRefusedBeforeAnyRunIsCreated(@TempDir Path dir) throws Exception {
        Path trainer = Files.createDirectory(dir.resolve("trainer"));

        assertThatThrownBy(() -> training.run(request(Duration.ofMinutes(1), trainer.toString(), "train.py"),
                Cancellation.none()))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).isEqualTo("training command '" + trainer + "' is a directory");
                });
        assertThat(mlflow.findExperimentByName(experiment)).isEmpty();
    }
}

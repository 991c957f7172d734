package io.mlopsbridge.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.mlflow.HoldingMlflow;
import io.mlopsbridge.mlflow.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An abort of a local training at the moments when MLflow is being written to: while the run is created, between
 * the create and the command, while the run is ended. Whatever the moment, the run ends in a terminal state and the
 * abort says which. The in-process MLflow holds one answer back to put the abort exactly there, and the assertions
 * read what it was told.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES) // a hang guard
class LocalTrainingAbortTest {
    @TempDir
    Path dir;

    private final Cancellation cancellation = Cancellation.create();

    private LocalTrainingRequest request(String... command) {
        return new LocalTrainingRequest(List.of(command), dir, "fraud-detection", "build-17", "1.4.0",
                Duration.ofMinutes(1), Map.of());
    }

    /** The command that trains: leaves a mark, so a test sees whether it ran. */
    private String[] training() {
        return new String[] {"touch", dir.resolve("trained").toString()};
    }

    /** Runs the training on a thread of its own (the build's), to its end: the result, or what it threw. */
    private static CompletableFuture<Object> trainOn(Thread[] build, LocalTraining training,
                                                     LocalTrainingRequest request, Cancellation cancellation) {
        CompletableFuture<Object> ended = new CompletableFuture<>();
        build[0] = new Thread(() -> {
            try {
                ended.complete(training.run(request, cancellation));
            } catch (RuntimeException e) {
                ended.complete(e);
            }
        }, "build");
        build[0].start();
        return ended;
    }

    /**
     * Trains on a thread of its own (the build's) against {@code mlflow}, aborts once the held request has arrived,
     * then lets MLflow answer it; what the training ended with, its result or what it threw.
     */
    private Object abortWhileHeld(HoldingMlflow mlflow, Cancellation cancellation, Consumer<Thread> abort)
            throws Exception {
        Thread[] build = new Thread[1];
        CompletableFuture<Object> ended = trainOn(build, new LocalTraining(mlflow.client(), BuildLog.silent()),
                request(training()), cancellation);
        mlflow.awaitHeld();

        abort.accept(build[0]);
        mlflow.release();

        return ended.get(30, TimeUnit.SECONDS);
    }

    private static List<String> statusUpdates(HoldingMlflow mlflow) {
        return mlflow.received().stream().filter(r -> r.endpoint().equals("runs/update")).map(r -> r.field("status"))
                .toList();
    }

    /** The abort's summary names the run, and MLflow was told once that it was KILLED. */
    private static void assertAbortedWithTheRunKilled(Object ended, HoldingMlflow mlflow) {
        assertThat(ended).isInstanceOfSatisfying(MlopsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.ABORTED);
            assertThat(e.getMessage()).isEqualTo("MLflow run " + HoldingMlflow.RUN_ID + " KILLED");
        });
        assertThat(statusUpdates(mlflow)).as("statuses MLflow was told").containsExactly("KILLED");
    }

    @Test
    void aCancelWhileMlflowHoldsTheExperimentLookupEndsTheTrainingAtOnceWithNothingCreated() throws Exception {
        try (HoldingMlflow mlflow = HoldingMlflow.holding("experiments/get-by-name")) {
            Thread[] build = new Thread[1];
            CompletableFuture<Object> ended = trainOn(build, new LocalTraining(mlflow.client(), BuildLog.silent()),
                    request(training()), cancellation);
            mlflow.awaitHeld();

            cancellation.cancel("SIGINT");

            // Never released: far below the read timeout (60 s), the read must have been cut off.
            Object outcome = ended.get(10, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(MlopsException.class, e -> {
                assertThat(e.kind()).as(e.getMessage()).isEqualTo(ErrorKind.ABORTED);
                assertThat(e.getMessage()).isEqualTo("cancelled (SIGINT)");
            });
            assertThat(mlflow.received()).as("requests MLflow received").extracting(HoldingMlflow.Received::endpoint)
                    .containsExactly("experiments/get-by-name");
            assertThat(dir.resolve("trained")).as("the command's mark").doesNotExist();
        }
    }

    @Test
    void aCancelWhileTheRunIsCreatedLetsTheCreateFinishThenEndsTheRunKilled() throws Exception {
        try (HoldingMlflow mlflow = HoldingMlflow.holding("runs/create")) {
            Object ended = abortWhileHeld(mlflow, cancellation, build -> cancellation.cancel("SIGTERM"));

            assertAbortedWithTheRunKilled(ended, mlflow);
            assertThat(dir.resolve("trained")).as("the command's mark").doesNotExist();
        }
    }

    @Test
    void anInterruptWhileTheRunIsCreatedLetsTheCreateFinishThenEndsTheRunKilled() throws Exception {
        try (HoldingMlflow mlflow = HoldingMlflow.holding("runs/create")) {
            Object ended = abortWhileHeld(mlflow, Cancellation.none(), Thread::interrupt); // a Jenkins abort

            assertAbortedWithTheRunKilled(ended, mlflow);
        }
    }

    @Test
    void aCancelRightAfterTheRunIsCreatedEndsItKilledWithoutStartingTheCommand() throws Exception {
        try (HoldingMlflow mlflow = HoldingMlflow.answering()) {
            // The line that says the run started is written between the create and the command.
            BuildLog cancellingOnStart = new BuildLog() {
                @Override
                public void info(String line) {
                    if (line.startsWith("MLflow run ") && line.contains(" started")) {
                        cancellation.cancel("SIGINT");
                    }
                }

                @Override
                public void warn(String line) {
                }
            };
            Object ended = trainOn(new Thread[1], new LocalTraining(mlflow.client(), cancellingOnStart),
                    request(training()), cancellation).get(30, TimeUnit.SECONDS);

            assertAbortedWithTheRunKilled(ended, mlflow);
            assertThat(dir.resolve("trained")).as("the command's mark").doesNotExist();
        }
    }

    @Test
    void aCancelWhileTheRunIsEndedLetsTheEndArriveAndReportsTheRealOutcome() throws Exception {
        try (HoldingMlflow mlflow = HoldingMlflow.holding("runs/update")) {
            Object ended = abortWhileHeld(mlflow, cancellation, build -> cancellation.cancel("SIGTERM"));

            // The command had finished: the run keeps that outcome, and nothing is left to abort.
            assertThat(ended).isInstanceOfSatisfying(TrainingResult.class,
                    result -> assertThat(result.status()).isEqualTo("FINISHED"));
            assertThat(statusUpdates(mlflow)).as("statuses MLflow was told").containsExactly("FINISHED");
        }
    }

    @Test
    void anInterruptAsTheCommandExitsStillEndsTheRunAndIsReportedAsAnAbort() throws Exception {
        // The Freestyle build step's order: open, run the command through Jenkins, close with its exit code.
        try (HoldingMlflow mlflow = HoldingMlflow.answering()) {
            LocalTraining training = new LocalTraining(mlflow.client(), BuildLog.silent());
            CompletableFuture<Object> ended = new CompletableFuture<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread executor = new Thread(() -> {
                OpenTrainingRun run = training.open("fraud-detection", "build-17", "1.4.0", "jenkins fraud");
                Thread.currentThread().interrupt(); // the build is aborted just as its command exited 0
                try {
                    ended.complete(training.close(run, RunStatus.FINISHED, null));
                } catch (RuntimeException e) {
                    ended.complete(e);
                } finally {
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            }, "Executor #0 for fraud #17");
            executor.start();

            Object outcome = ended.get(30, TimeUnit.SECONDS);
            executor.join(30_000);
            assertThat(statusUpdates(mlflow)).as("statuses MLflow was told").containsExactly("FINISHED");
            assertThat(outcome).isInstanceOfSatisfying(MlopsException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.ABORTED);
                assertThat(e.getMessage()).isEqualTo("MLflow run " + HoldingMlflow.RUN_ID
                        + " FINISHED: the training had ended before the abort");
            });
            assertThat(stillInterrupted).as("the interrupt, kept for the build to end ABORTED").isTrue();
        }
    }
}

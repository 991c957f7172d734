package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlopsbridge.mlflow.HungMlflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlops register}, {@code promote}, {@code rollback} and {@code gate} as child processes, stopped by SIGTERM
 * or SIGINT while MLflow keeps them waiting: they stop at once (far below MLflow's 60 s read timeout and the 5 min
 * READY wait), exit 143 or 130 with one {@code aborted:} line saying what exists, and write nothing after the
 * signal: no alias moves, no gate report, once the user asked the command to stop.
 */
class RegistrySignalTest {
    @TempDir
    Path dir;
    /** Generous: a stopped command ends in well under a second; what it must cut short lasts a minute or more. */
    private static final long ABORT_SECONDS = 10;
    private static final String[] BUILD = {"--ci-job", "fraud/main", "--build-number", "131"};

    @Test
    void registerSigtermedWhileMlflowHoldsItsFirstReadExits143HavingWrittenNothing() throws Exception {
        try (MockWebServer mlflow = HungMlflow.start();
             CliProcess cli = CliProcess.start(trackingUri(mlflow.url("/").toString()), with(BUILD, "register",
                     "--model", "fraud-detector", "--run-id", RegisteringMlflow.RUN_ID))) {
            RecordedRequest first = mlflow.takeRequest(ABORT_SECONDS, TimeUnit.SECONDS);
            assertThat(first).as("the run lookup").isNotNull();

            cli.signal("TERM");

            assertThat(cli.awaitExit(Duration.ofSeconds(ABORT_SECONDS))).isEqualTo(143);
            assertThat(cli.abortedLines()).containsExactly(
                    "aborted: cancelled (SIGTERM); no version of fraud-detector was registered");
            assertThat(first.getMethod()).isEqualTo("GET");
            assertThat(mlflow.getRequestCount()).as("requests sent: the run lookup only").isEqualTo(1);
        }
    }

    @Test
    void registerSigintedWhileWaitingForReadyExits130KeepingTheVersionWithoutMovingTheAlias() throws Exception {
        try (RegisteringMlflow mlflow = RegisteringMlflow.pendingForever();
             CliProcess cli = CliProcess.start(trackingUri(mlflow.trackingUri()), with(BUILD, "register",
                     "--model", RegisteringMlflow.MODEL, "--run-id", RegisteringMlflow.RUN_ID,
                     "--alias", "candidate", "--ready-timeout", "5m"))) {
            assertThat(mlflow.awaitReadyPoll(ABORT_SECONDS)).as("the wait for READY began").isTrue();

            cli.signal("INT");

            assertThat(cli.awaitExit(Duration.ofSeconds(ABORT_SECONDS))).isEqualTo(130);
            assertThat(cli.abortedLines()).containsExactly("aborted: cancelled (SIGINT); fraud-detector version 1"
                    + " stays registered, alias candidate not moved; running the same build again reuses it");
            assertThat(mlflow.requests()).as("no alias set, no tag written")
                    .noneMatch(r -> r.endsWith("/registered-models/alias") || r.endsWith("/set-tag"));
        }
    }

    @Test
    void registerSigtermedWhileAVersionTagIsBeingWrittenWritesNothingAfterItNorTheGateReport() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("register-report"));
        try (RegisteringMlflow mlflow = RegisteringMlflow.readyHoldingFirstVersionTag();
             CliProcess cli = CliProcess.start(trackingUri(mlflow.trackingUri()), with(BUILD, "register",
                     "--model", RegisteringMlflow.MODEL, "--run-id", RegisteringMlflow.RUN_ID, "--gate",
                     "auc >= 0.9", "--alias", "candidate", "--report-dir", reports.toString()))) {
            assertThat(mlflow.awaitHeldTag(ABORT_SECONDS)).as("the first version tag was sent").isTrue();

            cli.signal("TERM");
            mlflow.releaseHeldTag(); // a write once sent is let finish

            assertThat(cli.awaitExit(Duration.ofSeconds(ABORT_SECONDS))).isEqualTo(143);
            assertThat(cli.abortedLines()).containsExactly("aborted: cancelled (SIGTERM); fraud-detector version 1"
                    + " stays registered, alias candidate not moved; running the same build again reuses it");
            assertThat(mlflow.requests()).as("writes after the signal").filteredOn(r -> r.endsWith("/set-tag")
                    || r.endsWith("/registered-models/alias")).containsExactly(
                            "POST /api/2.0/mlflow/model-versions/set-tag");
            try (Stream<Path> written = Files.list(reports)) {
                assertThat(written).as("gate report files").isEmpty();
            }
        }
    }

    @Test
    void promoteSigtermedWhileMlflowHoldsItsReadExits143HavingMovedNothing() throws Exception {
        try (MockWebServer mlflow = HungMlflow.start();
             CliProcess cli = CliProcess.start(trackingUri(mlflow.url("/").toString()), "promote", "--model",
                     "fraud-detector", "--version", "3")) {
            assertThat(mlflow.takeRequest(ABORT_SECONDS, TimeUnit.SECONDS)).as("the model lookup").isNotNull();

            cli.signal("TERM");

            assertThat(cli.awaitExit(Duration.ofSeconds(ABORT_SECONDS))).isEqualTo(143);
            assertThat(cli.abortedLines()).containsExactly(
                    "aborted: cancelled (SIGTERM); fraud-detector@champion not moved");
            assertThat(mlflow.getRequestCount()).as("requests sent: the model lookup only").isEqualTo(1);
        }
    }

    @Test
    void rollbackSigintedWithJsonPrintsTheAbortedResultAndExits130() throws Exception {
        try (MockWebServer mlflow = HungMlflow.start();
             CliProcess cli = CliProcess.start(trackingUri(mlflow.url("/").toString()), "rollback", "--model",
                     "fraud-detector", "--json")) {
            assertThat(mlflow.takeRequest(ABORT_SECONDS, TimeUnit.SECONDS)).as("the model lookup").isNotNull();

            cli.signal("INT");

            assertThat(cli.awaitExit(Duration.ofSeconds(ABORT_SECONDS))).isEqualTo(130);
            JsonNode result = CliContext.json().readTree(cli.stdout());
            assertThat(result.path("status").asText()).isEqualTo("aborted");
            assertThat(result.path("command").asText()).isEqualTo("rollback");
            assertThat(result.path("exit_code").asInt()).isEqualTo(130);
            assertThat(result.path("error").path("message").asText())
                    .isEqualTo("cancelled (SIGINT); fraud-detector@champion not moved");
        }
    }

    @Test
    void gateSigtermedWhileMlflowHoldsTheRunLookupExits143WithoutAVerdictOrReport() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("gate-report"));
        try (MockWebServer mlflow = HungMlflow.start();
             CliProcess cli = CliProcess.start(trackingUri(mlflow.url("/").toString()), "gate", "--run-id",
                     RegisteringMlflow.RUN_ID, "--gate", "auc >= 0.9", "--report-dir", reports.toString())) {
            assertThat(mlflow.takeRequest(ABORT_SECONDS, TimeUnit.SECONDS)).as("the run lookup").isNotNull();

            cli.signal("TERM");

            assertThat(cli.awaitExit(Duration.ofSeconds(ABORT_SECONDS))).isEqualTo(143);
            assertThat(cli.abortedLines()).containsExactly("aborted: cancelled (SIGTERM)");
            try (Stream<Path> written = Files.list(reports)) {
                assertThat(written).as("gate report files").isEmpty();
            }
        }
    }

    private static Map<String, String> trackingUri(String uri) {
        return Map.of("MLFLOW_TRACKING_URI", uri);
    }

    private static String[] with(String[] build, String... command) {
        String[] args = java.util.Arrays.copyOf(command, command.length + build.length);
        System.arraycopy(build, 0, args, command.length, build.length);
        return args;
    }
}

package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlopsbridge.mlflow.HungMlflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlops drift} as a child process, stopped by SIGTERM or SIGINT while it reads: the check stops at once, the
 * command exits 143 or 130 with one {@code aborted:} line, and no profile or report is written, not even in part.
 * The current data lacks a column the reference has; the command is held just after it warns about that, as its read
 * of the current data begins ({@link HeldLineMlops}), and is signalled there. The same holds while MLflow is slow to
 * answer: a stand-in server that takes the request and never answers holds the command in its MLflow read.
 */
class DriftSignalTest {
    private static final String CURRENT_READ_BEGINS =
            "WARNING: drift: current data last-week.csv lacks column(s) channel";
    /** Generous: the check itself takes well under a second; the hold it must cut short lasts 30 s. */
    private static final long ABORT_SECONDS = 10;

    @TempDir
    Path dir;
    private Path reference;
    private Path current;

    @BeforeEach
    void writeData() throws IOException {
        reference = applications("train.csv", "amount,age,region,channel", 1, 0);
        current = applications("last-week.csv", "amount,age,region", 2, 0.3);
    }

    @Test
    void sigtermWhileTheCurrentDataIsReadStopsTheCheckAtOnceWithExit143() throws Exception {
        try (CliProcess cli = driftWithEveryOutput()) {
            cli.awaitLine(CURRENT_READ_BEGINS::equals);

            long signalled = System.nanoTime();
            cli.signal("TERM");

            assertThat(cli.awaitExit()).isEqualTo(143);
            assertThat((System.nanoTime() - signalled) / 1e9).as("seconds from SIGTERM to exit")
                    .isLessThan(ABORT_SECONDS);
            assertThat(cli.abortedLines()).containsExactly(
                    "aborted: drift check stopped (SIGTERM) while reading; no profile or report was written");
        }
    }

    @Test
    void sigtermWhileTheCurrentDataIsReadWritesNoProfileNoReportAndNoPartialFile() throws Exception {
        try (CliProcess cli = driftWithEveryOutput()) {
            cli.awaitLine(CURRENT_READ_BEGINS::equals);

            cli.signal("TERM");

            cli.awaitExit();
            assertThat(filesIn(dir)).containsExactlyInAnyOrder("train.csv", "last-week.csv");
        }
    }

    @Test
    void sigintWithJsonOnStdoutEndsWithTheAbortedResultAndExit130() throws Exception {
        try (CliProcess cli = CliProcess.startMain(HeldLineMlops.class, null, held(), "drift", "--reference",
                reference.toString(), "--current", current.toString(), "--json")) {
            cli.awaitLine(CURRENT_READ_BEGINS::equals);

            cli.signal("INT");

            assertThat(cli.awaitExit()).isEqualTo(130);
            JsonNode result = CliContext.json().readTree(cli.stdout());
            assertThat(result.path("status").asText()).isEqualTo("aborted");
            assertThat(result.path("command").asText()).isEqualTo("drift");
            assertThat(result.path("exit_code").asInt()).isEqualTo(130);
            assertThat(result.path("error").path("kind").asText()).isEqualTo("ABORTED");
        }
    }

    @Test
    void sigintWhileMlflowHoldsTheReferenceProfileStopsTheCheckAtOnceAndWritesNothing() throws Exception {
        try (MockWebServer mlflow = HungMlflow.start();
             CliProcess cli = CliProcess.start(trackingUri(mlflow), "drift", "--reference", "models:/fraud/1",
                     "--current", current.toString(), "--json", dir.resolve("result.json").toString(), "--html",
                     dir.resolve("report.html").toString())) {
            assertThat(mlflow.takeRequest(ABORT_SECONDS, TimeUnit.SECONDS)).as("the reference lookup").isNotNull();

            cli.signal("INT");

            assertThat(cli.awaitExit(Duration.ofSeconds(ABORT_SECONDS))).isEqualTo(130);
            assertThat(cli.abortedLines()).containsExactly(
                    "aborted: drift check stopped (SIGINT) while reading; no profile or report was written");
            assertThat(filesIn(dir)).containsExactlyInAnyOrder("train.csv", "last-week.csv");
        }
    }

    @Test
    void sigtermWhileMlflowHoldsTheRetrainTriggerReadStopsTheCheckWithoutTriggerOrReport() throws Exception {
        try (MockWebServer mlflow = HungMlflow.start();
             CliProcess cli = CliProcess.start(trackingUri(mlflow), "drift", "--reference", reference.toString(),
                     "--current", current.toString(), "--model", "fraud-detector", "--json",
                     dir.resolve("result.json").toString(), "--junit", dir.resolve("junit.xml").toString())) {
            assertThat(mlflow.takeRequest(ABORT_SECONDS, TimeUnit.SECONDS)).as("the registered model's read")
                    .isNotNull();

            cli.signal("TERM");

            assertThat(cli.awaitExit(Duration.ofSeconds(ABORT_SECONDS))).isEqualTo(143);
            assertThat(cli.abortedLines()).containsExactly(
                    "aborted: drift check stopped (SIGTERM) while reading; no profile or report was written");
            assertThat(mlflow.getRequestCount()).as("requests sent, no retraining tag among them").isEqualTo(1);
            assertThat(filesIn(dir)).containsExactlyInAnyOrder("train.csv", "last-week.csv");
        }
    }

    private static Map<String, String> trackingUri(MockWebServer mlflow) {
        return Map.of("MLFLOW_TRACKING_URI", mlflow.url("/").toString());
    }

    /** A check that would save the reference profile and write the JSON, HTML and JUnit reports beside the data. */
    private CliProcess driftWithEveryOutput() {
        return CliProcess.startMain(HeldLineMlops.class, null, held(), "drift", "--reference", reference.toString(),
                "--current", current.toString(), "--profile-out", dir.resolve("profile.json").toString(), "--json",
                dir.resolve("result.json").toString(), "--html", dir.resolve("report.html").toString(), "--junit",
                dir.resolve("junit.xml").toString());
    }

    private static Map<String, String> held() {
        return Map.of(HeldLineMlops.HELD_LINE, CURRENT_READ_BEGINS);
    }

    /** Loan applications: amount ~ N(1000 + shift·250, 250), age, region; the reference also has the channel. */
    private Path applications(String name, String header, long seed, double shift) throws IOException {
        Random random = new Random(seed);
        String[] regions = {"north", "south", "east", "west"};
        boolean withChannel = header.endsWith(",channel");
        List<String> lines = new ArrayList<>(List.of(header));
        for (int i = 0; i < 500; i++) {
            lines.add(String.format(Locale.ROOT, "%.2f,%d,%s%s", 1000 + shift * 250 + random.nextGaussian() * 250,
                    18 + random.nextInt(60), regions[random.nextInt(regions.length)],
                    withChannel ? (random.nextBoolean() ? ",web" : ",branch") : ""));
        }
        return Files.write(dir.resolve(name), lines);
    }

    private static List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}

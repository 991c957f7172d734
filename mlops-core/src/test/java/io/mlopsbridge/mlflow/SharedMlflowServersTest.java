package io.mlopsbridge.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.core.ProcessTable;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build-wide test server ({@code bin/test-all}): a second test JVM attaches to the server the first started, and
 * when the build's process ends the server, its workers and its files go with it.
 */
class SharedMlflowServersTest {
    @TempDir
    Path records;

    @Test
    void aSecondJvmAttachesToTheRunningServerAndTheServerEndsWithItsOwner() throws Exception {
        Process build = new ProcessBuilder("sleep", "600").start(); // stands in for the Maven process
        try {
            MlflowServer first = new SharedMlflowServers(records, build.toHandle())
                    .server(MlflowServerExtension.mlflowExecutable(), false);
            MlflowServer second = new SharedMlflowServers(records, build.toHandle())
                    .server(MlflowServerExtension.mlflowExecutable(), false);

            assertThat(second.port()).as("the second JVM's server").isEqualTo(first.port());
            String experiment = "shared-" + Instant.now().toEpochMilli();
            String id = first.client().getOrCreateExperiment(experiment).experimentId();
            assertThat(second.client().getOrCreateExperiment(experiment).experimentId()).isEqualTo(id);
            second.close();
            assertThat(listening(first.port())).as("close() of an attached server leaves it running").isTrue();
            List<ProcessHandle> serverTree = ProcessTable.treesOf("mlflow", "server", "--port",
                    Integer.toString(first.port()));
            assertThat(serverTree).as("the server and its workers").hasSizeGreaterThan(1);

            build.destroy();

            awaitTrue(() -> ProcessTable.stillAlive(serverTree).isEmpty() && !Files.exists(first.home()));
            assertThat(ProcessTable.stillAlive(serverTree)).as("processes left after the build ended").isEmpty();
            assertThat(listening(first.port())).isFalse();
            assertThat(first.home()).as("the server's database and artifacts").doesNotExist();
        } finally {
            build.destroyForcibly();
        }
    }

    @Test
    void aServerThatIgnoresSigtermIsKilledWhenTheBuildEnds(@TempDir Path bin) throws Exception {
        Path stubborn = StubMlflowExecutable.write(bin, true);
        Process build = new ProcessBuilder("sleep", "600").start();
        try {
            MlflowServer server = new SharedMlflowServers(records, build.toHandle()).server(stubborn, false);
            List<ProcessHandle> serverTree = ProcessTable.treesOf(stubborn.toString(), "--port",
                    Integer.toString(server.port()));
            assertThat(serverTree).as("the stub server").isNotEmpty();

            build.destroy();

            awaitTrue(() -> ProcessTable.stillAlive(serverTree).isEmpty());
            assertThat(ProcessTable.stillAlive(serverTree)).as("processes left after the build ended").isEmpty();
            assertThat(server.home()).doesNotExist();
        } finally {
            build.destroyForcibly();
        }
    }

    /** Bounds a wait for the watchdog, which looks at the owner every second. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

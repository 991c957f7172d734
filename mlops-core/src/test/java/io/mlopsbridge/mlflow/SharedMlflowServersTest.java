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
        Path stubborn = bin.resolve("mlflow");
        Files.writeString(stubborn, String.join("\n",
                "#!/usr/bin/env python3",
                "# answers /health like mlflow server, but ignores SIGTERM as a busy one does for a while",
                "import http.server, signal, sys",
                "signal.signal(signal.SIGTERM, signal.SIG_IGN)",
                "port = int(sys.argv[sys.argv.index('--port') + 1])",
                "class Health(http.server.BaseHTTPRequestHandler):",
                "    def do_GET(self):",
                "        self.send_response(200); self.end_headers(); self.wfile.write(b'OK')",
                "server = http.server.HTTPServer(('127.0.0.1', port), Health)",
                "print('Uvicorn running on http://127.0.0.1:%d' % port, flush=True)",
                "server.serve_forever()", ""));
        stubborn.toFile().setExecutable(true);
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

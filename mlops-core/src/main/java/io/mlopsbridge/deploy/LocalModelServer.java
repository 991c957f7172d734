package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.MLFLOW_BIN;
import static io.mlopsbridge.deploy.DeployInputNames.TIMEOUT;

import io.mlopsbridge.core.ExecutableProgram;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.ProcessTree;
import io.mlopsbridge.log.BuildLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code mlflow models serve} on a free loopback port, for the {@code local} target. The server and every process
 * it starts (uvicorn workers) are stopped by {@link #close()}, which callers run in a finally block or
 * try-with-resources: a CI agent must not be left with a model server holding a port.
 */
public final class LocalModelServer implements AutoCloseable {
    private boolean closed; // guarded by this
    /** How long the server gets to shut its workers down before they are killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration PING_INTERVAL = Duration.ofMillis(500);

    private final Process process;
    private final int port;
    private final Path output;
    private final BuildLog log;

    private LocalModelServer(Process process, int port, Path output, BuildLog log) {
        this.process = process;
        this.port = port;
        this.output = output;
        this.log = log;
    }

    /**
     * Starts serving.
     *
     * @param mlflow      the {@code mlflow} executable (e.g. {@code .venv/bin/mlflow})
     * @param modelUri    what to serve, e.g. {@code models:/fraud-detector/3}
     * @param environment variables for the server on top of this process's, e.g. {@code MLFLOW_TRACKING_URI}
     */
    public static LocalModelServer start(List<String> mlflow, String modelUri, Map<String, String> environment,
                                         BuildLog log) {
        ExecutableProgram.require(mlflow.get(0), Path.of(""), "local: mlflow", "mlflow",
                "install MLflow (scripts/setup-python.sh creates .venv) or pass " + MLFLOW_BIN);
        int port = freeLoopbackPort();
        List<String> command = new ArrayList<>(mlflow);
        command.addAll(List.of("models", "serve", "-m", modelUri, "--env-manager", "local",
                "-h", "127.0.0.1", "-p", String.valueOf(port)));
        try {
            Path output = Files.createTempFile("mlops-model-server-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            // mlflow models serve starts uvicorn by name through bash; without the venv's bin directory on the
            // PATH it fails with exit code 127 unless the venv happens to be activated.
            Path bin = Path.of(mlflow.get(0)).toAbsolutePath().getParent();
            if (bin != null && Files.isDirectory(bin)) {
                String path = builder.environment().getOrDefault("PATH", "");
                builder.environment().put("PATH", bin + (path.isEmpty() ? "" : java.io.File.pathSeparator + path));
            }
            log.info("local: starting mlflow models serve -m " + modelUri + " on 127.0.0.1:" + port);
            return new LocalModelServer(builder.start(), port, output, log);
        } catch (IOException e) {
            throw MlopsException.input("local: cannot start '" + mlflow.get(0) + "': " + e.getMessage(),
                    "install MLflow (scripts/setup-python.sh creates .venv) or pass " + MLFLOW_BIN);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Waits until {@code GET /ping} answers 200. Fails when the server exits first (e.g. the model cannot be
     * loaded) or the deadline passes, with the server's last output lines in the message.
     */
    public void awaitReady(Duration timeout, Clock clock) {
        Instant deadline = clock.instant().plus(timeout);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create(url() + "/ping")).timeout(Duration.ofSeconds(5))
                .GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw MlopsException.remote("local: mlflow models serve exited with code " + process.exitValue()
                        + " before it was ready: " + lastLines(5), "see the server output above", "EXITED", null);
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    log.info("local: model server ready at " + url());
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw MlopsException.remote("local: interrupted while waiting for the model server", null,
                        "INTERRUPTED", e);
            }
            if (!clock.instant().isBefore(deadline)) {
                throw MlopsException.remote("local: model server not ready within " + timeout.toSeconds()
                        + " s: " + lastLines(5), "raise " + TIMEOUT + " if the model needs longer to load",
                        "DEADLINE_EXCEEDED", null);
            }
            try {
                Thread.sleep(PING_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw MlopsException.remote("local: interrupted while waiting for the model server", null,
                        "INTERRUPTED", e);
            }
        }
    }

    /** The server's last output lines, joined, for error messages. */
    public String lastLines(int count) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size())).strip();
        } catch (IOException e) {
            return "(no output)";
        }
    }

    /**
     * Stops the server and its whole process tree: a polite signal first, force after {@link #STOP_GRACE}.
     * Idempotent, and a second caller (an abort's cleanup racing the deploy's own) waits until the first is done,
     * so nobody reports the server stopped while its workers are still dying.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ProcessTree.stop(process, STOP_GRACE);
        log.info("local: model server stopped");
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            // A temp file left behind is harmless.
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** The process, for tests that check the tree is gone. */
    ProcessHandle handle() {
        return process.toHandle();
    }
}

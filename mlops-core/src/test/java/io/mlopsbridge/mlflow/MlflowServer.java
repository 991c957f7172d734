package io.mlopsbridge.mlflow;

import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.http.FreeLoopbackPort;
import io.mlopsbridge.http.HttpSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * A real {@code mlflow server} process on a free loopback port, with a sqlite backend and proxied artifacts in a
 * temporary directory. Started by {@link MlflowServerExtension}; tests do not create these themselves.
 */
public final class MlflowServer implements AutoCloseable {
    /**
     * The admin account of a basic-auth server. MLflow 3.18 ships no default admin password and refuses the old
     * {@code password1234} (GHSA-gq3w-7jj3-x7gr), so the test server configures this one (12+ characters).
     */
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-Secret-4-tests";

    /**
     * Only bounds a hang: a cold start takes ~13 s on an idle 2-core machine, and took 2 min 47 s with six builds
     * running on it (load average 30), beyond the 180 s this used to allow.
     */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(10);
    /** Ports tried when the one picked is taken before the server binds it. */
    private static final int BIND_ATTEMPTS = 3;

    /**
     * Runs the server under a watchdog: {@code $1} is the process it outlives this JVM for, {@code $2} the server's
     * directory, the rest the server command. The watchdog leads the server's own process group (setsid), so that
     * when the owner or the server ends it stops the whole group (uvicorn workers and MLflow's job consumers too)
     * and removes the directory. A server busy for a while can take over a minute to act on SIGTERM: after 10 s the
     * group, the watchdog included, is killed.
     */
    private static final String WATCHDOG = String.join("\n",
            "owner=$1; home=$2; shift 2",
            "\"$@\" &",
            "server=$!",
            "while kill -0 \"$owner\" 2>/dev/null && kill -0 \"$server\" 2>/dev/null; do sleep 1; done",
            "trap '' TERM",
            "kill -TERM -- -$$ 2>/dev/null",
            "for _ in $(seq 40); do kill -0 \"$server\" 2>/dev/null || break; sleep 0.25; done",
            "kill -0 \"$owner\" 2>/dev/null || rm -rf \"$home\"",
            "kill -KILL -- -$$");

    private final boolean basicAuth;
    private final Path home;
    private final int port;
    /** Null when attached to a server another test JVM started (see {@link SharedMlflowServers}). */
    private final Process process;

    private MlflowServer(boolean basicAuth, Path home, int port, Process process) {
        this.basicAuth = basicAuth;
        this.home = home;
        this.port = port;
        this.process = process;
    }

    /** Starts a server and waits until its /health answers; throws with the server's log tail if it cannot. */
    static MlflowServer start(Path mlflowExecutable, boolean basicAuth) {
        return start(mlflowExecutable, basicAuth, FreeLoopbackPort::pick);
    }

    /**
     * Starts a server on a port from {@code ports}. A port found free can be taken by another process before the
     * server binds it (other test JVMs start servers too): the server then exits saying so, and the next port is
     * tried.
     */
    static MlflowServer start(Path mlflowExecutable, boolean basicAuth, IntSupplier ports) {
        return start(mlflowExecutable, basicAuth, ports, null);
    }

    /**
     * Starts a server that outlives this JVM and stops by itself when {@code owner} ends (or when it exits); for
     * {@link SharedMlflowServers}.
     */
    static MlflowServer startOwnedBy(Path mlflowExecutable, boolean basicAuth, ProcessHandle owner) {
        MlflowServer started = start(mlflowExecutable, basicAuth, FreeLoopbackPort::pick, owner);
        // Its watchdog stops it, not this JVM: hand out a view whose close() leaves it running.
        return new MlflowServer(basicAuth, started.home, started.port, null);
    }

    /** A server another JVM started and still runs; {@link #close()} leaves it running. */
    static MlflowServer attach(boolean basicAuth, Path home, int port) {
        MlflowServer server = new MlflowServer(basicAuth, home, port, null);
        return server.logSaysListening() && server.healthy() ? server : null;
    }

    private static MlflowServer start(Path mlflowExecutable, boolean basicAuth, IntSupplier ports,
            ProcessHandle owner) {
        PortTaken taken = null;
        for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
            MlflowServer server = launch(mlflowExecutable, basicAuth, ports.getAsInt(), owner);
            try {
                server.awaitHealthy();
                return server;
            } catch (PortTaken e) {
                taken = e;
            }
        }
        throw new IllegalStateException("mlflow server: the port was taken before it could bind, " + BIND_ATTEMPTS
                + " times", taken);
    }

    private static MlflowServer launch(Path mlflowExecutable, boolean basicAuth, int port, ProcessHandle owner) {
        Path home;
        try {
            home = Files.createTempDirectory(basicAuth ? "mlflow-auth-server-" : "mlflow-server-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(mlflowExecutable.toString(), "server",
                "--backend-store-uri", "sqlite:///" + home.resolve("mlflow.db"),
                "--serve-artifacts", "--artifacts-destination", home.resolve("artifacts").toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--workers", "1"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("server.log").toFile());
        // Keep the child's environment free of the test JVM's MLflow settings.
        builder.environment().keySet().removeIf(k -> k.startsWith("MLFLOW_"));
        builder.environment().put("PYTHONUNBUFFERED", "1");
        if (basicAuth) {
            command.addAll(List.of("--app-name", "basic-auth"));
            Path ini = home.resolve("basic_auth.ini");
            write(ini, String.join("\n",
                    "[mlflow]",
                    "default_permission = READ",
                    "database_uri = sqlite:///" + home.resolve("basic_auth.db"),
                    "admin_username = " + ADMIN_USER,
                    "admin_password = " + ADMIN_PASSWORD,
                    "authorization_function = mlflow.server.auth:authenticate_request_basic_auth",
                    ""));
            builder.environment().put("MLFLOW_AUTH_CONFIG_PATH", ini.toString());
            builder.environment().put("MLFLOW_FLASK_SERVER_SECRET_KEY", "test-secret-key-" + port);
        }
        if (owner != null) {
            command.addAll(0, List.of("setsid", "bash", "-c", WATCHDOG, "mlflow-watchdog",
                    Long.toString(owner.pid()), home.toString()));
        }
        builder.command(command);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + mlflowExecutable + ": " + e.getMessage(), e);
        }
        return new MlflowServer(basicAuth, home, port, process);
    }

    /** The port was bound by someone else between the pick and the server's bind; this server is closed. */
    private static final class PortTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTaken(String message) {
            super(message);
        }
    }

    /**
     * Waits until /health answers and the server's own log says it listens on the port, so that another server
     * that took the port is never mistaken for this one.
     */
    private void awaitHealthy() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                String log = logTail();
                close();
                if (log.toLowerCase(java.util.Locale.ROOT).contains("address already in use")) {
                    throw new PortTaken("port " + port + " was taken; the server said:\n" + log);
                }
                throw new IllegalStateException("mlflow server exited with code " + process.exitValue()
                        + " during startup; its log ends with:\n" + log);
            }
            if (logSaysListening() && healthy()) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while starting mlflow server", e);
            }
        }
        String log = logTail();
        close();
        throw new IllegalStateException("mlflow server did not answer /health within " + STARTUP_TIMEOUT.toSeconds()
                + " s; its log ends with:\n" + log);
    }

    /** Uvicorn's startup line, e.g. {@code Uvicorn running on http://127.0.0.1:41234}, names the bound address. */
    private boolean logSaysListening() {
        try {
            return Files.readString(home.resolve("server.log"), StandardCharsets.UTF_8)
                    .contains("running on http://127.0.0.1:" + port);
        } catch (IOException e) {
            return false;
        }
    }

    private boolean healthy() {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri().resolve("/health").toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** The tracking URI, e.g. {@code http://127.0.0.1:41234}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String trackingUri() {
        return uri().toString();
    }

    public int port() {
        return port;
    }

    public boolean basicAuth() {
        return basicAuth;
    }

    /** Settings for tests: short backoff so failure tests stay quick, retries still on. */
    public static HttpSettings testHttpSettings() {
        return HttpSettings.defaults().withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    /** A client as the admin (basic-auth server) or without credentials (plain server). */
    public MlflowConfig config() {
        Credentials credentials = basicAuth ? Credentials.basic(ADMIN_USER, ADMIN_PASSWORD) : Credentials.none();
        return new MlflowConfig(uri(), credentials, testHttpSettings());
    }

    public MlflowClient client() {
        return new MlflowClient(config());
    }

    public MlflowClient client(Credentials credentials) {
        return new MlflowClient(config().withCredentials(credentials));
    }

    /**
     * Creates a (non-admin) user through MLflow's auth REST API, {@code POST /api/2.0/mlflow/users/create}, as the
     * admin. Only on a basic-auth server.
     */
    public void createUser(String username, String password) {
        if (!basicAuth) {
            throw new IllegalStateException("users exist only on the basic-auth server");
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) uri().resolve("/api/2.0/mlflow/users/create").toURL()
                    .openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("Authorization", Credentials.basic(ADMIN_USER, ADMIN_PASSWORD)
                    .authorizationHeader());
            String body = MlflowRest.MAPPER.writeValueAsString(java.util.Map.of("username", username,
                    "password", password));
            try (var out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            int code = connection.getResponseCode();
            if (code != 200) {
                throw new IllegalStateException("creating MLflow user " + username + " failed with HTTP " + code);
            }
            connection.disconnect();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the server keeps its database, artifacts and log. */
    public Path home() {
        return home;
    }

    /** The last lines of the server's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("server.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server and its worker processes and removes its directory. */
    @Override
    public void close() {
        if (process == null) {
            return; // attached: the JVM that started it, or its owner's end, stops it
        }
        // mlflow starts uvicorn as a child process; stop the children too so no port stays bound.
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        process.destroy();
        family.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        deleteRecursively(home);
    }


    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is not worth failing a test run for
        }
    }
}

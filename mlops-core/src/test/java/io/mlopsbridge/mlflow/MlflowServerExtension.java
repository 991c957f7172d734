package io.mlopsbridge.mlflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real MLflow server: {@code @ExtendWith(MlflowServerExtension.class)}, then take an
 * {@link MlflowServer} or {@link MlflowClient} parameter (constructor, lifecycle or test method). Annotate the
 * parameter with {@link BasicAuth} for the second server that runs MLflow's basic-auth app.
 *
 * <p>Each kind of server is started once per test JVM, lazily on first use, and stopped when the JUnit run ends
 * (through the root store) or, failing that, when the JVM exits. Under {@code bin/test-all} the test JVMs of the
 * whole build share one server of each kind instead ({@link SharedMlflowServers}), stopped when Maven ends. The {@code mlflow} executable comes from
 * {@code .venv} at the repository root (system property {@code mlops.repo.root}, set by the build, or the first
 * parent of the working directory with a {@code .venv}); {@code -Dmlops.mlflow.executable=...} overrides it.
 *
 * <p>A server that cannot start fails the test with the server's log: integration tests never skip, in CI or
 * locally, because a skipped test proves nothing (run {@code scripts/setup-python.sh} to create the venv).
 */
public final class MlflowServerExtension implements ParameterResolver {
    private static final Object LOCK = new Object();
    private static MlflowServer plain;
    private static MlflowServer auth;
    private static RuntimeException startFailure;

    /** The shared plain server (no authentication), started on first call. */
    public static MlflowServer server() {
        synchronized (LOCK) {
            if (plain == null) {
                plain = startShared(false);
            }
            return plain;
        }
    }

    /** The shared basic-auth server, started on first call. */
    public static MlflowServer basicAuthServer() {
        synchronized (LOCK) {
            if (auth == null) {
                auth = startShared(true);
            }
            return auth;
        }
    }

    private static MlflowServer startShared(boolean basicAuth) {
        if (startFailure != null && !basicAuth) {
            throw startFailure; // do not pay the startup timeout again for every test class
        }
        try {
            Optional<SharedMlflowServers> shared = SharedMlflowServers.fromEnvironment(repoRoot());
            if (shared.isPresent()) {
                return shared.get().server(mlflowExecutable(), basicAuth);
            }
            MlflowServer server = MlflowServer.start(mlflowExecutable(), basicAuth);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-mlflow-server"));
            return server;
        } catch (RuntimeException e) {
            RuntimeException failure = new IllegalStateException("cannot start the MLflow test server"
                    + (basicAuth ? " (basic auth)" : "") + (isCi() ? " in CI" : "")
                    + ": " + e.getMessage(), e);
            if (!basicAuth) {
                startFailure = failure;
            }
            throw failure;
        }
    }

    static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The repository the tests run in: {@code mlops.repo.root}, or the folder holding {@code .venv}. */
    private static Path repoRoot() {
        String root = System.getProperty("mlops.repo.root");
        if (root != null && !root.isBlank()) {
            return Paths.get(root);
        }
        return mlflowExecutable().toAbsolutePath().getParent().getParent().getParent();
    }

    /** The Python of the same environment as {@link #mlflowExecutable()}, with MLflow and scikit-learn. */
    public static Path pythonExecutable() {
        return mlflowExecutable().resolveSibling("python");
    }

    /** Finds {@code .venv/bin/mlflow}; fails with how to create it. */
    public static Path mlflowExecutable() {
        String explicit = System.getProperty("mlops.mlflow.executable");
        if (explicit != null && !explicit.isBlank()) {
            return Paths.get(explicit);
        }
        String root = System.getProperty("mlops.repo.root");
        if (root != null && !root.isBlank()) {
            Path candidate = Paths.get(root).resolve(".venv/bin/mlflow");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".venv/bin/mlflow");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no .venv/bin/mlflow found (looked under mlops.repo.root=" + root
                + " and the parents of " + Paths.get("").toAbsolutePath() + "); run scripts/setup-python.sh");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == MlflowServer.class || type == MlflowClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        MlflowServer server = parameter.isAnnotated(BasicAuth.class) ? basicAuthServer() : server();
        // The root store closes what it holds when the whole run ends; the shutdown hook covers aborted runs.
        context.getRoot().getStore(ExtensionContext.Namespace.create(MlflowServerExtension.class))
                .getOrComputeIfAbsent(server.basicAuth() ? "auth" : "plain", k -> new Stopper(server),
                        Stopper.class);
        return parameter.getParameter().getType() == MlflowClient.class ? server.client() : server;
    }

    /** Stops a shared server when JUnit closes the root store at the end of the run. */
    private record Stopper(MlflowServer server) implements AutoCloseable {
        @Override
        public void close() {
            synchronized (LOCK) {
                server.close();
                if (plain == server) {
                    plain = null;
                }
                if (auth == server) {
                    auth = null;
                }
            }
        }
    }
}

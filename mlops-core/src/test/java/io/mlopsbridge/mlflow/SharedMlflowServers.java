package io.mlopsbridge.mlflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * One MLflow server of each kind for every test JVM of a build, instead of one per JVM: each module's tests run in
 * their own JVM, and a cold start costs 15–40 s of a 2-core machine, twice per module.
 *
 * <p>Used when {@code MLOPS_TEST_SERVER_OWNER} names a running process ({@code bin/test-all} sets it to the Maven
 * process). The first JVM to need a server starts it under a watchdog that stops it when that process ends, and
 * records its port and directory under {@code target/test-servers/<owner>/}; later JVMs attach to it. A file lock
 * makes the check-and-start atomic across JVMs. Tests keep their isolation as before (within one JVM every class
 * already shares the server): names are made unique per test.
 */
final class SharedMlflowServers {
    static final String OWNER_VARIABLE = "MLOPS_TEST_SERVER_OWNER";

    private final Path directory;
    private final ProcessHandle owner;

    SharedMlflowServers(Path directory, ProcessHandle owner) {
        this.directory = directory;
        this.owner = owner;
    }

    /** Present when the build asked for shared servers and the owner named is alive. */
    static Optional<SharedMlflowServers> fromEnvironment(Path repoRoot) {
        String pid = System.getenv(OWNER_VARIABLE);
        if (pid == null || pid.isBlank()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> owner;
        try {
            owner = ProcessHandle.of(Long.parseLong(pid.strip())).filter(ProcessHandle::isAlive);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(OWNER_VARIABLE + " must be a process id, not '" + pid + "'");
        }
        return owner.map(o -> new SharedMlflowServers(
                repoRoot.resolve("target/test-servers").resolve(Long.toString(o.pid())), o));
    }

    /** The running shared server of this kind, started now if no JVM has started it yet. */
    MlflowServer server(Path mlflowExecutable, boolean basicAuth) {
        String kind = basicAuth ? "basic-auth" : "plain";
        try {
            Files.createDirectories(directory);
            try (FileChannel lockFile = FileChannel.open(directory.resolve(kind + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                Path record = directory.resolve(kind + ".properties");
                MlflowServer running = attach(record, basicAuth);
                if (running != null) {
                    return running;
                }
                MlflowServer started = MlflowServer.startOwnedBy(mlflowExecutable, basicAuth, owner);
                Properties properties = new Properties();
                properties.setProperty("port", Integer.toString(started.port()));
                properties.setProperty("home", started.home().toString());
                try (OutputStream out = Files.newOutputStream(record)) {
                    properties.store(out, "the shared " + kind + " MLflow test server");
                }
                return started;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("shared MLflow test servers under " + directory, e);
        }
    }

    private static MlflowServer attach(Path record, boolean basicAuth) throws IOException {
        if (!Files.exists(record)) {
            return null;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(record)) {
            properties.load(in);
        }
        return MlflowServer.attach(basicAuth, Path.of(properties.getProperty("home")),
                Integer.parseInt(properties.getProperty("port")));
    }
}

package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.MlopsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process handling of the local model server with stand-in executables that never answer {@code /ping}: the
 * deadline, an early exit, and that the whole process tree is gone afterwards. Serving a real model is in
 * {@code LocalDeploymentTest}.
 */
class LocalModelServerTest {
    @TempDir
    Path dir;

    private List<String> script(String body) throws IOException {
        Path script = dir.resolve("mlflow");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return List.of(script.toString());
    }

    @Test
    void aServerThatNeverAnswersIsStoppedWithItsChildren() throws Exception {
        List<String> mlflow = script("echo \"loading model $4\"\nsleep 300 &\nsleep 300");
        LocalModelServer server = LocalModelServer.start(mlflow, "models:/fraud-detector/3", Map.of(),
                new RecordingLog());
        List<ProcessHandle> tree;
        try {
            assertThatThrownBy(() -> server.awaitReady(Duration.ofSeconds(2), Clock.systemUTC()))
                    .hasMessageStartingWith("local: model server not ready within 2 s: loading model"
                            + " models:/fraud-detector/3");
            tree = server.handle().descendants().toList();
            assertThat(tree).isNotEmpty();
        } finally {
            server.close();
        }

        assertThat(server.handle().isAlive()).isFalse();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aServerThatExitsFailsAtOnceWithItsLastWords() throws Exception {
        List<String> mlflow = script("echo 'mlflow.exceptions.MlflowException: Registered Model with name=fraud-detector"
                + " not found' >&2\nexit 1");

        try (LocalModelServer server = LocalModelServer.start(mlflow, "models:/fraud-detector/3", Map.of(),
                new RecordingLog())) {
            assertThatThrownBy(() -> server.awaitReady(Duration.ofSeconds(60), Clock.systemUTC()))
                    .hasMessage("local: mlflow models serve exited with code 1 before it was ready:"
                            + " mlflow.exceptions.MlflowException: Registered Model with name=fraud-detector not found");
        }
    }

    @Test
    void aMissingExecutableIsAnInputError() {
        assertThatThrownBy(() -> LocalModelServer.start(List.of(dir.resolve("no-such-mlflow").toString()),
                "models:/fraud-detector/3", Map.of(), new RecordingLog()))
                .isInstanceOf(MlopsException.class)
                .hasMessage("local: mlflow '" + dir.resolve("no-such-mlflow") + "' is not an executable file");
    }

    @Test
    void anMlflowThatIsNotOnThePathIsNamedAsSuchNotWithTheOperatingSystemsError() {
        assertThatThrownBy(() -> LocalModelServer.start(List.of("mlflow-not-installed-5c1"),
                "models:/fraud-detector/3", Map.of(), new RecordingLog()))
                .isInstanceOf(MlopsException.class)
                .hasMessage("local: mlflow 'mlflow-not-installed-5c1' is not on the PATH")
                .satisfies(e -> assertThat(((MlopsException) e).hint()).hasValueSatisfying(
                        hint -> assertThat(hint).contains("--mlflow-bin")));
    }

    @Test
    void anMlflowThatIsADirectoryIsAnInputError() {
        assertThatThrownBy(() -> LocalModelServer.start(List.of(dir.toString()), "models:/fraud-detector/3",
                Map.of(), new RecordingLog()))
                .isInstanceOf(MlopsException.class)
                .hasMessage("local: mlflow '" + dir + "' is a directory");
    }
}

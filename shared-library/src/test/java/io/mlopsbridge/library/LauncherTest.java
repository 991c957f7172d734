package io.mlopsbridge.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.mlflow.HungMlflow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The launcher the vars run on the agent ({@code resources/io/mlopsbridge/library/mlops-run.sh}), run with a real
 * shell: the three ways it finds the command line, the one line it fails with when there is none, and an abort of the
 * build while it runs the real command line, blocked on an MLflow that does not answer: Jenkins sends SIGTERM to
 * every process of the {@code sh} step, the launcher's helpers as well as the command line, whose {@code aborted:}
 * line, written while it ends, must still reach the build log (the launcher's stderr, a file as durable-task makes
 * it) and the error file the library quotes.
 */
public class LauncherTest {
    /** Generous: an aborted command line ends in well under a second; MLflow's read timeout is 60 s. */
    private static final long ABORT_SECONDS = 10;
    private static final String ABORTED_LINE = "aborted: cancelled (SIGTERM); fraud-detector@champion not moved";

    @Rule
    public final TemporaryFolder folders = new TemporaryFolder();

    private final Path launcher = LibraryPipelineTest.repositoryRoot()
            .resolve("shared-library/resources/io/mlopsbridge/library/mlops-run.sh");
    private final Path jar = LibraryPipelineTest.repositoryRoot().resolve("mlops-cli/target/mlops.jar");

    private record Launch(int exitCode, String result, String errors) {
    }

    private Launch launch(Map<String, String> env, String... arguments) throws Exception {
        Path dir = folders.newFolder().toPath();
        Path result = dir.resolve("result.json");
        Path errors = dir.resolve("errors.txt");
        List<String> command = new java.util.ArrayList<>(List.of("/bin/sh", launcher.toString(), result.toString(),
                errors.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("MLOPS_"));
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().put("HOME", folders.newFolder().toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Launch(process.exitValue(), read(result), read(errors));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    @Test
    public void mlopsCliPointingAtTheJarRunsIt() throws Exception {
        Launch launch = launch(Map.of("MLOPS_CLI", jar.toString()), "--version");

        assertThat(launch.exitCode()).as(launch.errors()).isZero();
        assertThat(launch.result()).startsWith("mlops ");
    }

    @Test
    public void mlopsOnThePathIsUsedWhenMlopsCliIsNotSet() throws Exception {
        Path bin = folders.newFolder("bin").toPath();
        Path mlops = Files.writeString(bin.resolve("mlops"), "#!/bin/sh\nexec java -jar '" + jar + "' \"$@\"\n");
        Files.setPosixFilePermissions(mlops, PosixFilePermissions.fromString("rwxr-xr-x"));

        Launch launch = launch(Map.of("PATH", bin + ":/usr/bin:/bin"), "--version");

        assertThat(launch.exitCode()).as(launch.errors()).isZero();
        assertThat(launch.result()).startsWith("mlops ");
    }

    @Test
    public void aReleaseArchiveIsUnpackedOnceAndRun() throws Exception {
        Path release = folders.newFolder("release").toPath();
        Path archive = release.resolve("mlops-cli-0.1.0.tar.gz");
        Process tar = new ProcessBuilder("tar", "czf", archive.toString(), "-C", jar.getParent().toString(),
                "mlops.jar").inheritIO().start();
        assertThat(tar.waitFor(1, TimeUnit.MINUTES)).isTrue();
        Path cache = folders.newFolder("cache").toPath();

        Launch launch = launch(Map.of("MLOPS_CLI_ARCHIVE", archive.toString(), "MLOPS_CLI_CACHE", cache.toString()),
                "--version");

        assertThat(launch.exitCode()).as(launch.errors()).isZero();
        assertThat(launch.result()).startsWith("mlops ");
        try (var unpacked = Files.walk(cache)) {
            assertThat(unpacked.filter(p -> p.getFileName().toString().equals("mlops.jar"))).hasSize(1);
        }
    }

    @Test
    public void theCommandLinesExitCodeAndErrorLineComeBack() throws Exception {
        Launch launch = launch(Map.of("MLOPS_CLI", jar.toString()), "register", "--model", "fraud-detector");

        assertThat(launch.exitCode()).isEqualTo(2);
        assertThat(launch.errors()).contains("--run-id");
    }

    @Test
    public void withNoCommandLineAnywhereItFailsWithOneLineSayingHowToGetOne() throws Exception {
        Launch launch = launch(Map.of(), "--version");

        assertThat(launch.exitCode()).isEqualTo(2);
        assertThat(launch.errors()).startsWith("error: no mlops command line on this agent: put mlops on PATH, or set "
                + "MLOPS_CLI to its path, or MLOPS_CLI_ARCHIVE to a release archive").hasLineCount(1);
    }

    private record Stopped(int exitCode, String buildLog, String errorFile) {
    }

    /**
     * {@code mlops promote} through the launcher as a var's {@code sh} step runs it: the step's script is the
     * launcher's command line, and durable-task runs it with {@code sh -xe}, its output into the log file Jenkins
     * copies to the build log until that shell has ended.
     */
    private Stopped promoteInShStepStoppedBy(Stop stop) throws Exception {
        Path script = folders.newFile("script.sh").toPath();
        return promoteStoppedBy(stop, launcherCommand -> {
            Files.writeString(script, String.join(" ", launcherCommand.stream().map(w -> "'" + w + "'").toList()));
            return List.of("/bin/sh", "-xe", script.toString());
        });
    }

    /** {@code mlops promote} through the launcher alone, as the top of the process tree. */
    private Stopped promoteStoppedBy(Stop stop) throws Exception {
        return promoteStoppedBy(stop, launcherCommand -> launcherCommand);
    }

    /**
     * Starts {@code mlops promote} through the launcher, stops the process tree with {@code stop} once MLflow holds
     * the command line, and reads the log and the error file as they are when the top process has ended.
     */
    private Stopped promoteStoppedBy(Stop stop, Wrap wrap) throws Exception {
        Path dir = folders.newFolder().toPath();
        Path buildLog = dir.resolve("jenkins-log.txt");
        Path errors = dir.resolve("errors.txt");
        try (MockWebServer mlflow = HungMlflow.start()) {
            ProcessBuilder builder = new ProcessBuilder(wrap.command(List.of("sh", launcher.toString(),
                    dir.resolve("result.json").toString(), errors.toString(), "promote", "--model", "fraud-detector",
                    "--version", "3"))).redirectErrorStream(true).redirectOutput(buildLog.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("MLOPS_") || k.startsWith("MLFLOW_"));
            builder.environment().put("MLOPS_CLI", jar.toString());
            builder.environment().put("MLFLOW_TRACKING_URI", mlflow.url("/").toString());
            Process process = builder.start();
            try {
                assertThat(mlflow.takeRequest(ABORT_SECONDS, TimeUnit.SECONDS)).as("the model lookup").isNotNull();

                stop.stop(process.toHandle());

                assertThat(process.waitFor(ABORT_SECONDS, TimeUnit.SECONDS)).as("ended after the abort").isTrue();
            } finally {
                // Whatever is still running when the top process has ended writes too late for the build log.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            return new Stopped(process.exitValue(), Files.readString(buildLog, StandardCharsets.UTF_8),
                    Files.exists(errors) ? Files.readString(errors, StandardCharsets.UTF_8) : "");
        }
    }

    @FunctionalInterface
    private interface Wrap {
        List<String> command(List<String> launcherCommand) throws Exception;
    }

    @FunctionalInterface
    private interface Stop {
        void stop(ProcessHandle sh) throws Exception;
    }

    @Test
    public void stoppedAsJenkinsStopsAnAbortedShStepTheAbortedLineReachesTheBuildLogAndTheErrorFile()
            throws Exception {
        Stopped stopped = promoteInShStepStoppedBy(JenkinsSoftKill::stop);

        assertThat(stopped.exitCode()).as(stopped.buildLog()).isEqualTo(143);
        assertThat(stopped.buildLog()).contains(ABORTED_LINE);
        assertThat(stopped.errorFile()).contains(ABORTED_LINE);
    }

    @Test
    public void sigtermToTheLauncherAndAllItStartedAtOnceStillLetsTheAbortedLineReachTheBuildLogAndErrorFile()
            throws Exception {
        Stopped stopped = promoteStoppedBy(sh -> {
            List<ProcessHandle> all = Stream.concat(Stream.of(sh), sh.descendants()).toList();
            all.forEach(ProcessHandle::destroy); // SIGTERM, as a signal to the whole process group sends it
        });

        assertThat(stopped.exitCode()).as(stopped.buildLog()).isEqualTo(143);
        assertThat(stopped.buildLog()).contains(ABORTED_LINE);
        assertThat(stopped.errorFile()).contains(ABORTED_LINE);
    }
}

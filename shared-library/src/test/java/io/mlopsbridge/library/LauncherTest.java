package io.mlopsbridge.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The launcher the vars run on the agent ({@code resources/io/mlopsbridge/library/mlops-run.sh}), run with a real
 * shell: the three ways it finds the command line, and the one line it fails with when there is none.
 */
public class LauncherTest {
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
}

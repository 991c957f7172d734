package io.mlopsbridge.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Artifacts stream in both directions: a file three times larger than the heap goes up and comes back intact. */
@ExtendWith(MlflowServerExtension.class)
class ArtifactStreamingTest {
    private static final int HEAP_MB = 32;
    private static final int FILE_MB = 3 * HEAP_MB;

    private final MlflowServer server;

    ArtifactStreamingTest(MlflowServer server) {
        this.server = server;
    }

    @Test
    void aFileLargerThanTheHeapIsUploadedAndDownloadedIntact(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weights.bin");
        String sent = writeRandom(file, FILE_MB);
        Path received = dir.resolve("received.bin");
        Run run = new TrainingRuns(server.client()).finishedRun(Map.of("auc", 0.9));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Process child = new ProcessBuilder(List.of(java, "-Xmx" + HEAP_MB + "m", "-cp",
                System.getProperty("java.class.path"), ArtifactRoundTrip.class.getName(), server.trackingUri(),
                run.info().artifactUri(), file.toString(), received.toString()))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(10, TimeUnit.MINUTES)).as("child finished").isTrue();

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(Files.size(received)).isEqualTo(Files.size(file));
        assertThat(sha256(received)).isEqualTo(sent);
    }

    /** Random bytes (nothing compresses them) written in 1 MiB pieces; returns their SHA-256. */
    private static String writeRandom(Path file, int megabytes) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(13);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(chunk);
                digest.update(chunk);
                out.write(chunk);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        try (var in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

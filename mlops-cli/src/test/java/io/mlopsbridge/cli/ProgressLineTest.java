package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.drift.ReadProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress lines: redrawn in place and removed on a terminal; in a CI log, one plain line every few seconds at most. */
class ProgressLineTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Reads 10 MB batches of 100 000 rows, one every {@code stepMillis}, for {@code batches} batches. */
    private void read(ReadProgress progress, int batches, long stepMillis) {
        read(progress, "reading current cur.csv", batches, stepMillis);
    }

    private void read(ReadProgress progress, String what, int batches, long stepMillis) {
        ReadProgress.Reporter reporter = progress.start(what, batches * 10_000_000L);
        for (int i = 0; i < batches; i++) {
            now.addAndGet(stepMillis * 1_000_000L);
            reporter.advance(10_000_000L, 100_000);
        }
        reporter.finish();
    }

    @Test
    void inACiLogAPlainLineAppearsAtMostEveryFiveSeconds() {
        read(new ProgressLine(err, false, now::get, s -> s), 40, 500); // 20 s of reading
        String[] lines = output().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).isEqualTo("reading current cur.csv: 100 of 400 MB (25%), 1.00 M rows, 20 MB/s, 15 s left");
        assertThat(output()).doesNotContain("\r");
    }

    @Test
    void aShortReadPrintsNothingInACiLog() {
        read(new ProgressLine(err, false, now::get, s -> s), 10, 100);
        assertThat(output()).isEmpty();
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAndRemovedAtTheEnd() {
        read(new ProgressLine(err, true, now::get, s -> s), 10, 300);
        String out = output();
        assertThat(out).doesNotContain("\n");
        assertThat(out).startsWith("\rreading current cur.csv: 10 of 100 MB (10%)");
        assertThat(out).endsWith("\r\033[K");
    }

    @Test
    void secretsInTheInputNameAreMasked() {
        read(new ProgressLine(err, false, now::get, s -> s.replace("s3cr3t", "****")),
                "reading current /mnt/s3cr3t/cur.csv", 20, 500);
        assertThat(output()).isNotEmpty().doesNotContain("s3cr3t");
    }
}

package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.Sources;
import io.mlopsbridge.drift.input.TabularSource;
import io.mlopsbridge.log.BuildLog;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An abort (a Jenkins step's {@code stop()}, the CLI's Ctrl-C) that comes once the last read has ended, while the
 * check compares: no read notices it, yet the check must end as aborted, since its callers then write the profile and
 * the reports of a check the user stopped.
 */
class InterruptAfterLastReadTest {
    @TempDir
    Path dir;

    @Test
    void anInterruptOnceTheCurrentDataIsReadEndsTheCheckAsAborted() throws Exception {
        TabularSource reference = source("train.csv", 1, 0);
        TabularSource current = source("last-week.csv", 2, 0.3);
        CountDownLatch currentRead = new CountDownLatch(1);
        ReadProgress holdAfterCurrent = (what, total) -> new ReadProgress.Reporter() {
            @Override
            public void advance(long bytes, long rows) {
            }

            @Override
            public void finish() {
                if (what.startsWith("reading current")) {
                    currentRead.countDown();
                    try {
                        Thread.sleep(TimeUnit.SECONDS.toMillis(60));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // as it arrived: the check goes on to compare
                    }
                }
            }
        };
        DriftCheck check = DriftCheck.withDefaults().withProgress(holdAfterCurrent);

        InterruptedRead stopped = InterruptedRead.of(() -> check.run(reference, current, BuildLog.silent()),
                currentRead);

        assertThat(stopped.failure()).isInstanceOf(MlopsException.class);
        assertThat(((MlopsException) stopped.failure()).kind()).isEqualTo(ErrorKind.ABORTED);
    }

    private TabularSource source(String name, long seed, double shift) {
        return Sources.open(DriftData.write(dir, name, DriftData.rows(2_000, seed, shift)), "data", CsvFormat.DEFAULT);
    }
}

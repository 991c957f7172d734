package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.Sources;
import io.mlopsbridge.drift.input.TabularSource;
import io.mlopsbridge.log.BuildLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An abort (a Jenkins step's {@code stop()}, the CLI's Ctrl-C: both interrupt the checking thread) while the parts of
 * a file cut with {@code --partitions}, or the files of a directory, are read in parallel: the check ends as aborted,
 * and only once the parts' threads have ended.
 */
class PartitionedReadAbortTest {
    /** About 500 KB: four parts of more than the 64 KiB a part needs at least. */
    private static final int ROWS = 20_000;

    @TempDir
    static Path dir;
    private static Path applications;
    private static Path parts;

    @BeforeAll
    static void writeData() throws Exception {
        applications = DriftData.write(dir, "applications.csv", DriftData.rows(ROWS, 7, 0));
        parts = Files.createDirectories(dir.resolve("applications"));
        DriftData.write(parts, "part-00000.csv", DriftData.rows(ROWS / 2, 8, 0));
        DriftData.write(parts, "part-00001.csv", DriftData.rows(ROWS / 2, 9, 0));
    }

    @Test
    void anInterruptWhileThePartsAreReadEndsTheCheckAsAborted() throws Exception {
        InterruptedProfile profile = InterruptedProfile.whilePartsAreRead(cutInFourParts(applications));

        assertThat(profile.failure()).isInstanceOf(MlopsException.class).hasMessage("reading was interrupted");
        assertThat(((MlopsException) profile.failure()).kind()).isEqualTo(ErrorKind.ABORTED);
    }

    @Test
    void anInterruptThatCameBeforeTheFileIsCutEndsTheCheckAsAborted() {
        TabularSource source = cutInFourParts(applications);
        DriftCheck check = DriftCheck.withDefaults();

        Thread.currentThread().interrupt(); // a stop() while the check was busy between two reads
        Throwable failure;
        try {
            failure = org.assertj.core.api.Assertions.catchThrowable(() -> check.profile(source, BuildLog.silent()));
        } finally {
            Thread.interrupted();
        }

        assertThat(failure).isInstanceOf(MlopsException.class).hasMessage("reading was interrupted");
        assertThat(((MlopsException) failure).kind()).isEqualTo(ErrorKind.ABORTED);
    }

    @Test
    void anInterruptWhileThePartsAreReadEndsTheCheckOnlyOnceThePartThreadsHaveEnded() throws Exception {
        InterruptedProfile profile = InterruptedProfile.whilePartsAreRead(cutInFourParts(applications));

        assertThat(profile.partThreads()).as("the parts' threads").isNotEmpty();
        assertThat(profile.stillRunning()).as("threads still running when the check ended").isEmpty();
    }

    @Test
    void anInterruptWhileTheFilesOfADirectoryAreReadEndsTheCheckOnlyOnceTheirThreadsHaveEnded() throws Exception {
        InterruptedProfile profile = InterruptedProfile.whilePartsAreRead(Sources.open(parts, "reference",
                CsvFormat.DEFAULT));

        assertThat(profile.partThreads()).as("the parts' threads").isNotEmpty();
        assertThat(profile.stillRunning()).as("threads still running when the check ended").isEmpty();
    }

    private static TabularSource cutInFourParts(Path file) {
        return Sources.open(file, "reference", CsvFormat.DEFAULT, 4);
    }

    /**
     * A profile interrupted ({@link InterruptedRead}) once a part's thread reports its first batch. That part is held there and, interrupted in turn, takes a moment more to stop, as a part parsing the
     * batch in hand does.
     */
    private record InterruptedProfile(Throwable failure, List<Thread> partThreads) {
        private static final long MOMENT_TO_STOP_MILLIS = 300;

        static InterruptedProfile whilePartsAreRead(TabularSource source) throws Exception {
            CountDownLatch partReading = new CountDownLatch(1);
            AtomicReference<List<Thread>> threads = new AtomicReference<>(List.of());
            ReadProgress holdAPart = (what, total) -> new ReadProgress.Reporter() {
                @Override
                public void advance(long bytes, long rows) {
                    if (Thread.currentThread().getName().startsWith("mlops-drift-part")
                            && partReading.getCount() > 0) {
                        threads.set(InterruptedRead.driftThreads());
                        partReading.countDown();
                        awaitInterruptThenTakeAMoment();
                    }
                }

                @Override
                public void finish() {
                }
            };
            DriftCheck check = DriftCheck.withDefaults().withProgress(holdAPart);
            InterruptedRead read = InterruptedRead.of(() -> check.profile(source, BuildLog.silent()), partReading);
            return new InterruptedProfile(read.failure(), threads.get());
        }

        /** The names of the read's threads that are still alive. */
        List<String> stillRunning() {
            return InterruptedRead.stillRunning(partThreads);
        }

        private static void awaitInterruptThenTakeAMoment() {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MOMENT_TO_STOP_MILLIS);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // parsing on: an interrupt does not stop a computation
                }
                Thread.currentThread().interrupt(); // as it arrived: the read goes on to notice it
            }
        }
    }
}

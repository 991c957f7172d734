package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.Sources;
import io.mlopsbridge.drift.input.TabularSource;
import io.mlopsbridge.drift.profile.DatasetProfile;
import io.mlopsbridge.log.BuildLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An abort (a Jenkins step's {@code stop()}, which interrupts the step's thread) that arrives while the exact-KS
 * refinement pass reads the data again: the check must end as any interrupted read ends, aborted (ErrorKind.ABORTED,
 * as docs/architecture.md says an abort ends), with its reader and parser threads stopped and no data file left open.
 */
class KsRefinementAbortTest {
    /** Over the 100 000 values a side keeps exactly, so KS on 'amount' is binned and refined by a second read. */
    private static final int ROWS = 150_000;

    @TempDir
    static Path dir;
    private static Path reference;
    private static Path current;

    @BeforeAll
    static void writeData() {
        reference = DriftData.write(dir, "train.csv", DriftData.rows(ROWS, 1, 0));
        current = DriftData.write(dir, "last-week.csv", DriftData.rows(ROWS, 2, 0.02));
    }

    @Test
    void anInterruptDuringTheReReadEndsTheCheckAsAborted() throws Exception {
        InterruptedCheck check = InterruptedCheck.duringReRead(open(reference), open(current));

        assertThat(check.failure()).isInstanceOf(MlopsException.class).hasMessage("reading was interrupted");
        assertThat(((MlopsException) check.failure()).kind()).isEqualTo(ErrorKind.ABORTED);
    }

    @Test
    void anInterruptDuringTheReReadEndsTheCheckWithinTenSeconds() throws Exception {
        InterruptedCheck check = InterruptedCheck.duringReRead(open(reference), open(current));

        assertThat(check.secondsToEnd()).isLessThan(10);
    }

    @Test
    void anInterruptDuringTheReReadStopsItsReaderAndParserThreads() throws Exception {
        InterruptedCheck check = InterruptedCheck.duringReRead(open(reference), open(current));

        assertThat(check.reReadThreads()).as("the re-read's pipeline threads").isNotEmpty();
        assertThat(check.stillRunning()).as("threads still running when the check ended").isEmpty();
    }

    @Test
    void anInterruptDuringTheReReadLeavesNoDataFileOpen() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "open files are listed in /proc (Linux)");
        InterruptedCheck.duringReRead(open(reference), open(current));

        assertThat(openFilesUnder(dir)).isEmpty();
    }

    @Test
    void anInterruptDuringTheReReadOfACutFileStopsItsReaderAndParserThreads() throws Exception {
        InterruptedCheck check = InterruptedCheck.duringReRead(open(reference), cutInFourParts(current));

        assertThat(check.stillRunning()).as("threads still running when the check ended").isEmpty();
    }

    @Test
    void anInterruptDuringTheReReadOfACutFileLeavesNoDataFileOpen() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "open files are listed in /proc (Linux)");
        InterruptedCheck.duringReRead(open(reference), cutInFourParts(current));

        assertThat(openFilesUnder(dir)).isEmpty();
    }

    /** Profiled in four parts read in parallel (--partitions 4); the refinement reads it again in one pass. */
    private static TabularSource cutInFourParts(Path file) {
        return Sources.open(file, "current", CsvFormat.DEFAULT, 4);
    }

    private static TabularSource open(Path file) {
        return Sources.open(file, file.getFileName().toString().startsWith("train") ? "reference" : "current",
                CsvFormat.DEFAULT);
    }

    /** The files under {@code folder} this process holds open (Linux: the links in /proc/self/fd). */
    private static Set<Path> openFilesUnder(Path folder) throws IOException {
        Path real = folder.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd);
                } catch (IOException e) {
                    return null; // closed while listing (the listing's own descriptor)
                }
            }).filter(target -> target != null && target.startsWith(real)).collect(Collectors.toSet());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * A KS check run on a thread of its own, as a Jenkins step runs, and interrupted from the test's thread once the
     * refinement pass has received its first batch of the re-read (the read is then in flight: later chunks are being
     * read and parsed).
     */
    private record InterruptedCheck(Throwable failure, double secondsToEnd, List<Thread> reReadThreads) {
        static InterruptedCheck duringReRead(TabularSource reference, TabularSource current) throws Exception {
            CountDownLatch reReading = new CountDownLatch(1);
            AtomicReference<List<Thread>> pipeline = new AtomicReference<>(List.of());
            ReadProgress holdReRead = (what, total) -> new ReadProgress.Reporter() {
                @Override
                public void advance(long bytes, long rows) {
                    if (what.startsWith("exact KS") && reReading.getCount() > 0) {
                        pipeline.set(InterruptedRead.driftThreads());
                        reReading.countDown();
                        awaitInterrupt();
                    }
                }

                @Override
                public void finish() {
                }
            };
            DriftCheck check = DriftCheck.withDefaults().withColumns(List.of("amount")).with(DriftMethod.KS)
                    .withProgress(holdReRead);
            InterruptedRead read = InterruptedRead.of(() -> {
                DatasetProfile profile = check.profile(reference, BuildLog.silent());
                check.compare(profile, reference, current, BuildLog.silent());
            }, reReading);
            return new InterruptedCheck(read.failure(), read.secondsToEnd(), pipeline.get());
        }

        /** The names of the re-read's threads that are still alive. */
        List<String> stillRunning() {
            return InterruptedRead.stillRunning(reReadThreads);
        }

        /** Holds the consumer (the checking thread) where the interrupt finds it, between two batches. */
        private static void awaitInterrupt() {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // as it arrived: the read goes on to notice it
            }
        }
    }
}

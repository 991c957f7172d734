package io.mlopsbridge.cli;

import io.mlopsbridge.drift.ReadProgress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Progress of long reads on stderr. On a terminal one line per input is redrawn in place (at most 5 times a second)
 * and removed when the read ends; otherwise (a CI log) a plain line is printed at most every
 * {@link #PLAIN_INTERVAL_NANOS} nanoseconds, so short reads print nothing. Costs a clock read per batch of ~1 MB.
 */
final class ProgressLine implements ReadProgress {
    static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final UnaryOperator<String> mask;

    ProgressLine(PrintStream err, boolean terminal, LongSupplier nanoTime, UnaryOperator<String> mask) {
        this.err = err;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.mask = mask;
    }

    @Override
    public Reporter start(String what, long totalBytes) {
        return new Line(mask.apply(what), totalBytes, nanoTime.getAsLong());
    }

    private final class Line implements Reporter {
        private final String what;
        private final long totalBytes;
        private final long start;
        private long bytes;
        private long rows;
        private long lastShown;
        private boolean drawn;

        Line(String what, long totalBytes, long start) {
            this.what = what;
            this.totalBytes = totalBytes;
            this.start = start;
            this.lastShown = start;
        }

        @Override
        public void advance(long moreBytes, long moreRows) {
            bytes += moreBytes;
            rows += moreRows;
            long now = nanoTime.getAsLong();
            if (now - lastShown < (terminal ? REDRAW_NANOS : PLAIN_INTERVAL_NANOS)) {
                return;
            }
            lastShown = now;
            if (terminal) {
                err.print("\r" + text(now) + "\033[K");
                err.flush();
                drawn = true;
            } else {
                err.println(text(now));
            }
        }

        @Override
        public void finish() {
            if (drawn) {
                err.print("\r\033[K");
                err.flush();
            }
        }

        private String text(long now) {
            double seconds = Math.max(1e-9, (now - start) / 1e9);
            double megabytes = bytes / 1e6;
            StringBuilder s = new StringBuilder(what).append(": ");
            if (totalBytes > 0) {
                s.append(String.format(Locale.ROOT, "%.0f of %.0f MB (%d%%), ", megabytes, totalBytes / 1e6,
                        Math.min(100, bytes * 100 / totalBytes)));
            } else if (bytes > 0) {
                s.append(String.format(Locale.ROOT, "%.0f MB, ", megabytes));
            }
            s.append(String.format(Locale.ROOT, "%.2f M rows", rows / 1e6));
            if (bytes > 0) {
                double rate = megabytes / seconds;
                s.append(String.format(Locale.ROOT, ", %.0f MB/s", rate));
                if (totalBytes > 0 && rate > 0) {
                    s.append(String.format(Locale.ROOT, ", %.0f s left", Math.max(0, totalBytes / 1e6 - megabytes)
                            / rate));
                }
            } else {
                s.append(String.format(Locale.ROOT, ", %.2f M rows/s", rows / 1e6 / seconds));
            }
            return s.toString();
        }
    }
}

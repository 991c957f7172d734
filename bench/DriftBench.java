import io.mlopsbridge.drift.ColumnKind;
import io.mlopsbridge.drift.DriftCheck;
import io.mlopsbridge.drift.DriftMethod;
import io.mlopsbridge.drift.ReadProgress;
import io.mlopsbridge.drift.input.Sources;
import io.mlopsbridge.drift.input.TabularSource;
import io.mlopsbridge.drift.profile.DatasetProfile;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.drift.input.ColumnBatch;
import io.mlopsbridge.drift.input.ColumnGrids;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.log.BuildLog;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Measures, in one JVM per mode, end-to-end throughput of the drift check against a bare parse of the same files.
 *
 * Usage: java -Xmx256m -cp mlops.jar bench/DriftBench.java MODE REF CUR
 *   parse: reads both files with the same CSV reader (reader thread + parallel parsing, every field parsed as the
 *          drift check would: numbers to doubles, categories to strings) and only counts the values.
 *   drift: the full check (profile reference, profile current, compare), as `mlops drift` runs it.
 *   drift-progress: the same with progress reporting on (a plain line every 5 s, as in a CI log, to stderr).
 *   ks-exact: --method ks with the exact-KS refinement pass (numeric columns only are compared).
 *   ks-bounded: the same check without the refinement pass (reference passed as its in-memory profile).
 *   profile: profiles REF only (a file, or a directory of part files profiled in parallel and merged); CUR unused.
 *   profile-cut: profiles the file REF cut at line breaks into PARTS (environment, default 4) parts read in parallel
 *          and merged; CUR unused.
 * Prints seconds, MB/s, rows/s and the peak heap used (sum of heap pools' peaks).
 */
public final class DriftBench {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path ref = Path.of(args[1]);
        Path cur = Path.of(args[2]);
        long bytes = sizeOf(ref) + (mode.startsWith("profile") ? 0 : sizeOf(cur));
        long start = System.nanoTime();
        long rows;
        if (mode.equals("parse")) {
            rows = parse(ref) + parse(cur);
        } else if (mode.equals("profile-cut")) {
            int parts = Integer.parseInt(System.getenv().getOrDefault("PARTS", "4"));
            rows = DriftCheck.withDefaults().profile(CsvSource.open(ref, "reference", CsvFormat.DEFAULT)
                    .partitioned(parts), BuildLog.silent()).rows();
        } else if (mode.equals("profile")) {
            rows = DriftCheck.withDefaults().profile(Sources.open(ref, "reference", CsvFormat.DEFAULT),
                    BuildLog.silent()).rows();
        } else if (mode.startsWith("ks-")) {
            DriftCheck check = DriftCheck.withDefaults().with(DriftMethod.KS).withColumns(numericColumns(ref));
            TabularSource reference = Sources.open(ref, "reference", CsvFormat.DEFAULT);
            DatasetProfile profile = check.profile(reference, BuildLog.silent());
            TabularSource current = Sources.open(cur, "current", CsvFormat.DEFAULT);
            DriftResult result = mode.equals("ks-exact") ? check.compare(profile, reference, current, BuildLog.silent())
                    : check.compare(profile, true, current, BuildLog.silent());
            rows = result.reference().rows() + result.current().rows();
            System.out.println(result.summary() + "; first column D = " + result.columns().get(0).statistic()
                    + (result.columns().get(0).approximation() == null ? " (exact)" : " (bounded)"));
        } else {
            DriftCheck check = DriftCheck.withDefaults();
            if (mode.equals("drift-progress")) {
                check = check.withProgress(new PlainProgress());
            }
            DriftResult result = check.run(CsvSource.open(ref, "reference", CsvFormat.DEFAULT),
                    CsvSource.open(cur, "current", CsvFormat.DEFAULT), BuildLog.silent());
            rows = result.reference().rows() + result.current().rows();
            System.out.println(result.summary());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%s: %.2f s, %.1f MB/s, %.2f M rows/s, %d rows, %.1f MB read, peak heap %.0f MB, "
                        + "max heap %.0f MB%n", mode, seconds, bytes / 1e6 / seconds, rows / 1e6 / seconds, rows,
                bytes / 1e6, peakHeap / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
    }

    private static long sizeOf(Path path) throws java.io.IOException {
        if (!Files.isDirectory(path)) {
            return Files.size(path);
        }
        try (var files = Files.list(path)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** The numeric columns of a file (KS applies to them only). */
    private static List<String> numericColumns(Path file) {
        DatasetProfile head = DriftCheck.withDefaults().profile(Sources.open(file, "reference", CsvFormat.DEFAULT),
                BuildLog.silent());
        return head.columnNames().stream().filter(n -> head.column(n).orElseThrow().kind() == ColumnKind.NUMERIC)
                .toList();
    }

    /** What the CLI does off a terminal: per batch a clock read, every 5 s a formatted line on stderr. */
    private static final class PlainProgress implements ReadProgress {
        @Override
        public Reporter start(String what, long totalBytes) {
            long start = System.nanoTime();
            return new Reporter() {
                long bytes;
                long rows;
                long last = start;

                @Override
                public void advance(long moreBytes, long moreRows) {
                    bytes += moreBytes;
                    rows += moreRows;
                    long now = System.nanoTime();
                    if (now - last >= 5_000_000_000L) {
                        last = now;
                        System.err.printf("%s: %.0f of %.0f MB, %.2f M rows, %.0f MB/s%n", what, bytes / 1e6,
                                totalBytes / 1e6, rows / 1e6, bytes / 1e3 / ((now - start) / 1e6));
                    }
                }

                @Override
                public void finish() {
                }
            };
        }
    }

    /** Every column parsed as the drift check would (kinds inferred from the first rows), values only counted. */
    private static long parse(Path file) {
        CsvSource source = CsvSource.open(file, "input", CsvFormat.DEFAULT);
        int[] columns = IntStream.range(0, source.header().size()).toArray();
        List<ColumnKind> kinds = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            kinds.add(null);
        }
        long[] count = new long[2];
        source.read(columns, kinds, ColumnGrids.none(columns.length), (ColumnBatch batch) -> {
            count[0] += batch.rows;
            for (int c = 0; c < columns.length; c++) {
                count[1] += batch.numberCount[c] + batch.categoryCount[c];
            }
        });
        return count[0];
    }
}

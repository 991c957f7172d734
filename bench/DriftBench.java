import io.mlopsbridge.drift.ColumnKind;
import io.mlopsbridge.drift.DriftCheck;
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
 * Usage: java -Xmx256m -cp mlops.jar bench/DriftBench.java parse|drift REF.csv CUR.csv
 *   parse: reads both files with the same CSV reader (reader thread + parallel parsing, every field parsed as the
 *          drift check would: numbers to doubles, categories to strings) and only counts the values.
 *   drift: the full check (profile reference, profile current, compare), as `mlops drift` runs it.
 * Prints seconds, MB/s, rows/s and the peak heap used (sum of heap pools' peaks).
 */
public final class DriftBench {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path ref = Path.of(args[1]);
        Path cur = Path.of(args[2]);
        long bytes = Files.size(ref) + Files.size(cur);
        long start = System.nanoTime();
        long rows;
        if (mode.equals("parse")) {
            rows = parse(ref) + parse(cur);
        } else {
            DriftResult result = DriftCheck.withDefaults().run(CsvSource.open(ref, "reference", CsvFormat.DEFAULT),
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

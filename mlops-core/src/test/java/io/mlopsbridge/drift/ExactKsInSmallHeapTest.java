package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.log.BuildLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2.5 million against 2 million values (effective n 1.1 million, scipy's approximate Smirnov branch): a child JVM
 * limited to a 256 MB heap computes scipy's D and p exactly through the binned pass plus the refinement pass.
 */
class ExactKsInSmallHeapTest {
    @TempDir
    Path dir;

    /** Runs the check in this JVM; prints D and p in full precision. Used as the child process' main class. */
    public static void main(String[] args) {
        DriftResult result = DriftCheck.withDefaults().with(DriftMethod.KS).run(
                CsvSource.open(Path.of(args[0]), "reference", CsvFormat.DEFAULT),
                CsvSource.open(Path.of(args[1]), "current", CsvFormat.DEFAULT), BuildLog.silent());
        ColumnDrift column = result.columns().get(0);
        System.out.println(String.format(Locale.ROOT, "%s %s %s", Double.toString(column.statistic()),
                Double.toString(column.pValue()), column.approximation() == null ? "exact" : "bounded"));
    }

    @Test
    void millionsOfValuesPerSideGiveScipysAnswerWithin256MbOfHeap() throws IOException, InterruptedException {
        JsonNode sample = GoldenSamples.sample("2.5M");
        Path ref = GoldenSamples.writeCsv(dir.resolve("reference.csv"),
                GoldenSamples.values(sample.get("reference")), 3);
        Path cur = GoldenSamples.writeCsv(dir.resolve("current.csv"), GoldenSamples.values(sample.get("current")), 4);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), ExactKsInSmallHeapTest.class.getName(), ref.toString(),
                cur.toString())).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String[] fields = output.substring(output.lastIndexOf('\n') + 1).split(" ");
        assertThat(fields[2]).isEqualTo("exact");
        double d = Double.parseDouble(fields[0]);
        double p = Double.parseDouble(fields[1]);
        assertThat(Math.abs(d - sample.get("d").asDouble())).isLessThanOrEqualTo(1e-9 * sample.get("d").asDouble());
        assertThat(Math.abs(p - sample.get("p").asDouble())).isLessThanOrEqualTo(1e-9 * sample.get("p").asDouble());
    }
}

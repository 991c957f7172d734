package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows lost to malformed input are visible wherever a user looks: an unterminated quote that swallows the rest of the
 * file is one bad row reported with the span of lines it took, and the counts are in the plain output and the HTML
 * report, not only in the JSON.
 */
class DriftBadRowsCommandTest {
    @TempDir
    Path dir;

    /** 1001 data rows (lines 2..1002); row 501 (line 502) opens a quote it never closes. */
    private Path withUnterminatedQuote() throws IOException {
        Random random = new Random(3);
        List<String> lines = new ArrayList<>();
        lines.add("amount,region");
        for (int i = 0; i < 1001; i++) {
            String region = i == 500 ? "\"north" : random.nextBoolean() ? "north" : "south";
            lines.add(String.format(Locale.ROOT, "%.2f,%s", 100 + 10 * random.nextGaussian(), region));
        }
        return Files.write(dir.resolve("cur.csv"), lines);
    }

    private Path reference() throws IOException {
        Random random = new Random(4);
        List<String> lines = new ArrayList<>();
        lines.add("amount,region");
        for (int i = 0; i < 1000; i++) {
            lines.add(String.format(Locale.ROOT, "%.2f,%s", 100 + 10 * random.nextGaussian(),
                    random.nextBoolean() ? "north" : "south"));
        }
        return Files.write(dir.resolve("ref.csv"), lines);
    }

    @Test
    void anUnterminatedQuoteIsOneBadRowReportedWithTheLinesItSwallowed() throws IOException {
        Path html = dir.resolve("drift.html");
        CliRun run = CliRun.run(Map.of(), "drift", "--reference", reference().toString(), "--current",
                withUnterminatedQuote().toString(), "--html", html.toString());
        assertThat(run.stdout()).contains("bad rows: current 1 (lines 502-1002: unterminated quoted field, 501 lines)");
        assertThat(Files.readString(html)).contains("lines 502-1002", "unterminated quoted field");
        assertThat(run.stderr()).contains("current file", "1 bad row", "lines 502-1002");
    }

    @Test
    void theJsonExampleCarriesTheLastLineOfTheSpan() throws IOException {
        CliRun run = CliRun.run(Map.of(), "drift", "--reference", reference().toString(), "--current",
                withUnterminatedQuote().toString(), "--json");
        JsonNode example = new ObjectMapper().readTree(run.stdout()).path("current").path("badRows")
                .path("examples").get(0);
        assertThat(example.path("line").asLong()).isEqualTo(502);
        assertThat(example.path("lastLine").asLong()).isEqualTo(1002);
    }
}

package io.mlopsbridge.drift.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.drift.DriftCheck;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.log.BuildLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the HTML report in headless Chromium (Debian's {@code chromium}, installed by scripts/setup-chromium.sh) and
 * checks that the page's script ran, every column is rendered with its histogram, and the console shows no errors.
 * A missing browser fails the test rather than skipping it.
 */
class HtmlReportBrowserTest {
    @TempDir
    Path dir;

    private DriftResult result() throws IOException {
        Random random = new Random(3);
        List<String> ref = new ArrayList<>(List.of("amount,region,\"note <b>&\""));
        List<String> cur = new ArrayList<>(List.of("amount,region,\"note <b>&\""));
        for (int i = 0; i < 600; i++) {
            ref.add(String.format(Locale.ROOT, "%.2f,%s,%s", 100 + 10 * random.nextGaussian(),
                    random.nextBoolean() ? "north" : "south", random.nextBoolean() ? "<script>x</script>" : "plain"));
            cur.add(String.format(Locale.ROOT, "%.2f,%s,%s", 110 + 10 * random.nextGaussian(),
                    random.nextDouble() < 0.8 ? "north" : "south", random.nextBoolean() ? "<script>x</script>" : "plain"));
        }
        Path r = Files.write(dir.resolve("ref.csv"), ref);
        Path c = Files.write(dir.resolve("cur.csv"), cur);
        return DriftCheck.withDefaults().run(CsvSource.open(r, "reference", CsvFormat.DEFAULT),
                CsvSource.open(c, "current", CsvFormat.DEFAULT), BuildLog.silent());
    }

    @Test
    void theReportRendersEveryColumnInChromiumWithoutScriptErrors() throws Exception {
        DriftResult result = result();
        String html = HtmlReport.render(result);
        Path page = dir.resolve("drift.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);

        Browser.Page loaded = Browser.load(page, dir.resolve("profile"));

        assertThat(loaded.console()).as("browser console").doesNotContain("Uncaught").doesNotContain(":ERROR:CONSOLE");
        assertThat(loaded.dom()).contains("data-rendered-columns=\"3\"");
        for (String column : List.of("amount", "region", "note &lt;b&gt;&amp;")) {
            assertThat(loaded.dom()).contains("data-column=\"" + column + "\"");
        }
        assertThat(loaded.dom().split("<svg class=\"histogram\"", -1)).hasSize(4);
        assertThat(loaded.dom()).doesNotContain("<script>x</script>");
    }

    @Test
    void theReportLoadsNothingFromOutside() throws Exception {
        String html = HtmlReport.render(result());
        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=\\s*\"(https?:)?//");
        assertThat(html).doesNotContain("@import").doesNotContain("url(");
        assertThat(html).contains("Content-Security-Policy");
    }

    @Test
    void theSummaryListsDriftedColumnsFirst() throws Exception {
        String html = HtmlReport.render(result());
        String table = html.substring(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
        assertThat(table.indexOf("data-column=\"amount\"")).isLessThan(table.indexOf("data-column=\"note"));
    }

    /** Headless Chromium as a test tool. */
    static final class Browser {
        record Page(String dom, String console) {
        }

        static Page load(Path file, Path profile) throws IOException, InterruptedException {
            String chromium = find();
            Files.createDirectories(profile);
            Path stdout = profile.resolveSibling("chromium.out");
            Path stderr = profile.resolveSibling("chromium.err");
            Process process = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                    "--virtual-time-budget=3000", "--dump-dom", file.toUri().toString())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("chromium did not finish within 120 s");
            }
            String dom = Files.readString(stdout);
            String console = Files.readString(stderr);
            assertThat(dom).as("chromium printed no DOM; stderr: %s", console).contains("<html");
            return new Page(dom, console);
        }

        private static String find() {
            for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
                if (Files.isExecutable(Path.of(candidate))) {
                    return candidate;
                }
            }
            throw new AssertionError("chromium is not installed: run scripts/setup-chromium.sh (apt-get install "
                    + "chromium)");
        }
    }
}

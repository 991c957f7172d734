package io.mlopsbridge.drift.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.drift.DriftCheck;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.log.BuildLog;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the HTML report in headless Chromium (Debian's {@code chromium}, installed by scripts/setup-chromium.sh), from
 * disk and from a loopback server sending Jenkins' Content-Security-Policy, and checks that its stylesheet is loaded,
 * every column is rendered with its histogram, and the console shows no error and no policy violation.
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

    /** What Jenkins sends with every file it serves from a build (DirectoryBrowserSupport's default policy). */
    private static final String JENKINS_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'self';";

    @Test
    void theReportRendersEveryColumnInChromiumWithItsStylesheetAndNoConsoleErrors() throws Exception {
        Path page = dir.resolve("reports/drift.html");
        HtmlReport.write(page, result());

        Browser.Page loaded = Browser.load(page.toUri().toString(), dir.resolve("profile"));

        assertThat(loaded.console()).as("browser console").doesNotContain("Uncaught").doesNotContain(":ERROR:CONSOLE")
                .doesNotContain("Content Security Policy");
        assertRendersAllColumns(loaded);
    }

    @Test
    void theReportRendersUnderThePolicyJenkinsServesBuildFilesWith() throws Exception {
        Path folder = dir.resolve("build/mlops/drift/drift-1");
        HtmlReport.write(folder.resolve("drift.html"), result());
        List<String> served = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = folder.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            boolean found = file.startsWith(folder) && Files.isRegularFile(file);
            byte[] body = found ? Files.readAllBytes(file) : new byte[0];
            served.add(exchange.getRequestURI().getPath() + " " + (found ? 200 : 404));
            exchange.getResponseHeaders().set("Content-Security-Policy", JENKINS_CSP);
            exchange.getResponseHeaders().set("Content-Type",
                    file.toString().endsWith(".css") ? "text/css" : "text/html;charset=utf-8");
            exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Browser.Page loaded = Browser.load("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                    + server.getAddress().getPort() + "/drift.html", dir.resolve("profile"));

            assertThat(served).contains("/drift.html 200", "/" + HtmlReport.STYLESHEET + " 200");
            assertThat(loaded.console()).as("browser console").doesNotContain("Content Security Policy")
                    .doesNotContain("Uncaught");
            assertRendersAllColumns(loaded);
        } finally {
            server.stop(0);
        }
    }

    private static void assertRendersAllColumns(Browser.Page loaded) {
        assertThat(loaded.dom().split("<article class=\"column ", -1)).hasSize(4);
        for (String column : List.of("amount", "region", "note &lt;b&gt;&amp;")) {
            assertThat(loaded.dom()).contains("data-column=\"" + column + "\"");
        }
        assertThat(loaded.dom().split("<svg class=\"histogram\"", -1)).hasSize(4);
        assertThat(loaded.dom()).doesNotContain("<script>x</script>");
    }

    @Test
    void thePageHasNoInlineStyleNorScriptAndLinksItsStylesheet() throws Exception {
        String html = HtmlReport.render(result());

        assertThat(html).doesNotContainPattern("(?i)<style").doesNotContainPattern("(?i)\\sstyle\\s*=")
                .doesNotContainPattern("(?i)<script").doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
        assertThat(html).contains("<link rel=\"stylesheet\" href=\"" + HtmlReport.STYLESHEET + "\">");
    }

    @Test
    void writingThePagePutsItsStylesheetBesideIt() throws Exception {
        Path page = dir.resolve("out/drift.html");

        HtmlReport.write(page, result());

        assertThat(page).content().startsWith("<!DOCTYPE html>");
        assertThat(dir.resolve("out/" + HtmlReport.STYLESHEET)).hasContent(HtmlReport.stylesheet());
    }

    @Test
    void theReportLoadsNothingFromOutside() throws Exception {
        String html = HtmlReport.render(result());
        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=\\s*\"(https?:)?//");
        assertThat(html + HtmlReport.stylesheet()).doesNotContain("@import").doesNotContain("url(");
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

        static Page load(String url, Path profile) throws IOException, InterruptedException {
            String chromium = find();
            Files.createDirectories(profile);
            Path stdout = profile.resolveSibling("chromium.out");
            Path stderr = profile.resolveSibling("chromium.err");
            Process process = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                    "--virtual-time-budget=3000", "--dump-dom", url)
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

package io.mlopsbridge.drift.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.drift.DriftCheck;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.log.BuildLog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The reports stay what they claim to be (well-formed XML 1.0, HTML showing text as text) whatever a header holds. */
class HostileHeaderReportsTest {
    @TempDir
    Path dir;

    @Test
    void columnNamesWithCharactersXmlForbidsGiveWellFormedXml() throws Exception {
        // U+FFFF and U+FFFE are valid UTF-8 in a CSV header but not XML 1.0 characters; ESC is not one either.
        List<String> names = List.of("amount\uFFFF", "region\uFFFE", "note\u001b[31m", "<script>\"&']]>");
        Document xml = parse(JunitReport.render(result(String.join(",", names.stream()
                .map(n -> "\"" + n.replace("\"", "\"\"") + "\"").toList()))));

        NodeList cases = xml.getElementsByTagName("testcase");
        List<String> parsed = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            parsed.add(cases.item(i).getAttributes().getNamedItem("name").getNodeValue());
        }
        assertThat(parsed).containsExactlyInAnyOrder("amount\uFFFD", "region\uFFFD", "note\uFFFD[31m",
                "<script>\"&']]>");
    }

    @Test
    void controlCharactersInColumnNamesShowEscapedInTheHtmlReport() throws Exception {
        // BEL, ESC and NEL would be invisible in the page: the reader could not tell the column apart.
        String html = HtmlReport.render(result("amount,\"reg\u0007ion\",\"note\u001b[31m\",\"next\u0085line\""));

        assertThat(html).contains("reg\\u0007ion", "note\\u001b[31m", "next\\u0085line")
                .doesNotContain("\u0007", "\u001b", "\u0085");
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Four columns named by {@code header}: two numeric, two categorical, the current data shifted. */
    private DriftResult result(String header) throws IOException {
        Random random = new Random(5);
        List<String> ref = new ArrayList<>(List.of(header));
        List<String> cur = new ArrayList<>(List.of(header));
        for (int i = 0; i < 400; i++) {
            ref.add(String.format(Locale.ROOT, "%.2f,%s,%.1f,%s", 100 + 10 * random.nextGaussian(),
                    random.nextBoolean() ? "north" : "south", 5 * random.nextGaussian(), random.nextBoolean() ? "a" : "b"));
            cur.add(String.format(Locale.ROOT, "%.2f,%s,%.1f,%s", 115 + 10 * random.nextGaussian(),
                    random.nextDouble() < 0.8 ? "north" : "south", 5 * random.nextGaussian(), "a"));
        }
        Path r = Files.write(dir.resolve("ref.csv"), ref);
        Path c = Files.write(dir.resolve("cur.csv"), cur);
        return DriftCheck.withDefaults().run(CsvSource.open(r, "reference", CsvFormat.DEFAULT),
                CsvSource.open(c, "current", CsvFormat.DEFAULT), BuildLog.silent());
    }
}

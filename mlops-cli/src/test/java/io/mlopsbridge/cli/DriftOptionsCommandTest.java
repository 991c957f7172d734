package io.mlopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The drift options change the decision they name, and nothing else: --threshold, --column-threshold, --drift-share,
 * --exclude, --quote; and the JUnit report is valid XML with one test case per column.
 */
class DriftOptionsCommandTest {
    @TempDir
    Path dir;
    private Path reference;
    private Path current;

    /** Loan applications: the amount shifts between reference and current, the region and channel do not. */
    private Path loans(String name, long seed, double amountShift, char quote) throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        lines.add("amount,region,channel");
        String[] regions = {"north", "south", "east, coast", "west"};
        for (int i = 0; i < 2000; i++) {
            String region = regions[random.nextInt(regions.length)];
            String quoted = region.contains(",") ? quote + region + quote : region;
            lines.add(String.format(Locale.ROOT, "%.2f,%s,%s", 1000 + amountShift + 250 * random.nextGaussian(),
                    quoted, random.nextDouble() < 0.3 ? "web" : "branch"));
        }
        return Files.write(dir.resolve(name), lines);
    }

    @BeforeEach
    void data() throws IOException {
        reference = loans("ref.csv", 1, 0, '"');
        current = loans("cur.csv", 2, 40, '"');
    }

    private JsonNode json(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("drift", "--reference", reference.toString(), "--current",
                current.toString(), "--json"));
        args.addAll(List.of(extra));
        CliRun run = CliRun.run(Map.of(), args.toArray(String[]::new));
        assertThat(run.stderr()).doesNotContain("Exception");
        return new ObjectMapper().readTree(run.stdout());
    }

    private static Map<String, JsonNode> byColumn(JsonNode result) {
        Map<String, JsonNode> columns = new HashMap<>();
        result.path("columns").forEach(c -> columns.put(c.path("column").asText(), c));
        return columns;
    }

    @Test
    void thresholdMovesTheVerdictAcrossTheScore() throws IOException {
        double score = byColumn(json("--method", "psi")).get("amount").path("score").asDouble();
        JsonNode below = byColumn(json("--method", "psi", "--threshold", Double.toString(score * 0.9))).get("amount");
        JsonNode above = byColumn(json("--method", "psi", "--threshold", Double.toString(score * 1.1))).get("amount");
        assertThat(below.path("drifted").asBoolean()).isTrue();
        assertThat(above.path("drifted").asBoolean()).isFalse();
        assertThat(above.path("threshold").asDouble()).isEqualTo(score * 1.1);
    }

    @Test
    void columnThresholdAppliesToThatColumnOnly() throws IOException {
        Map<String, JsonNode> columns = byColumn(json("--method", "psi", "--column-threshold", "amount=5"));
        assertThat(columns.get("amount").path("threshold").asDouble()).isEqualTo(5.0);
        assertThat(columns.get("amount").path("drifted").asBoolean()).isFalse();
        assertThat(columns.get("region").path("threshold").asDouble()).isEqualTo(0.1);
    }

    @Test
    void driftShareDecidesTheDatasetVerdict() throws IOException {
        JsonNode oneOfThree = json();
        assertThat(oneOfThree.path("driftedCount").asInt()).isEqualTo(1);
        assertThat(json("--drift-share", "0.3").path("datasetDrift").asBoolean()).isTrue();
        JsonNode strict = json("--drift-share", "0.4");
        assertThat(strict.path("datasetDrift").asBoolean()).isFalse();
        assertThat(strict.path("driftShareThreshold").asDouble()).isEqualTo(0.4);
    }

    @Test
    void excludedColumnsAreNeitherComparedNorCounted() throws IOException {
        JsonNode result = json("--exclude", "amount", "--drift-share", "0.3");
        assertThat(byColumn(result)).containsOnlyKeys("region", "channel");
        assertThat(result.path("datasetDrift").asBoolean()).isFalse();
    }

    @Test
    void quoteCharacterLetsFieldsHoldTheDelimiter() throws IOException {
        reference = loans("ref-single.csv", 1, 0, '\'');
        current = loans("cur-single.csv", 2, 0, '\'');
        JsonNode withQuote = json("--quote", "'");
        assertThat(withQuote.path("current").path("badRows").path("count").asLong()).isZero();
        assertThat(byColumn(withQuote).get("region").path("histogram").path("labels").toString())
                .contains("east, coast");
        JsonNode withoutQuote = json("--max-bad-rows", "2000");
        assertThat(withoutQuote.path("current").path("badRows").path("count").asLong()).isPositive();
    }

    @Test
    void aDirectoryOfPartFilesIsOneDataset() throws IOException {
        List<String> lines = Files.readAllLines(current);
        Path parts = Files.createDirectories(dir.resolve("current-parts"));
        Files.write(parts.resolve("part-00000.csv"), lines.subList(0, 700));
        List<String> rest = new ArrayList<>(List.of(lines.get(0)));
        rest.addAll(lines.subList(700, lines.size()));
        Files.write(parts.resolve("part-00001.csv"), rest);
        JsonNode whole = json();
        current = parts;
        JsonNode split = json();
        assertThat(split.path("current").path("rows").asLong()).isEqualTo(2000);
        assertThat(split.path("columns")).isEqualTo(whole.path("columns"));
    }

    @Test
    void junitReportHasOneTestCasePerColumnWithDriftedOnesFailing() throws Exception {
        Path xml = dir.resolve("drift.xml");
        CliRun run = CliRun.run(Map.of(), "drift", "--reference", reference.toString(), "--current",
                current.toString(), "--junit", xml.toString());
        assertThat(run.exitCode()).as(run.stderr()).isIn(0, 1);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element suite = doc.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        NodeList cases = suite.getElementsByTagName("testcase");
        Map<String, Element> byName = new HashMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            byName.put(c.getAttribute("name"), c);
            assertThat(c.getAttribute("classname")).isEqualTo("drift.cur.csv");
        }
        assertThat(byName).containsOnlyKeys("amount", "region", "channel");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        Element failure = (Element) byName.get("amount").getElementsByTagName("failure").item(0);
        assertThat(failure).isNotNull();
        assertThat(failure.getAttribute("message")).contains("wasserstein", "0.1");
        assertThat(byName.get("region").getElementsByTagName("failure").getLength()).isZero();
    }
}

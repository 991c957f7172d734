package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.Sources;
import io.mlopsbridge.drift.profile.ProfileFile;
import io.mlopsbridge.log.BuildLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved profile that was edited or damaged is an input error naming the file and what is wrong: never a profile
 * that compares the data with the wrong distribution, or with nothing.
 */
class DamagedProfileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ObjectNode saved;

    @BeforeEach
    void profileOfLoans() throws IOException {
        Path data = DriftData.write(dir, "train.csv", DriftData.rows(300, 1, 0));
        Path file = dir.resolve("train.profile.json");
        ProfileFile.save(DriftCheck.withDefaults().profile(Sources.open(data, "reference", CsvFormat.DEFAULT),
                BuildLog.silent()), file);
        saved = (ObjectNode) JSON.readTree(file.toFile());
    }

    /** Loads the saved profile after {@code damage}; returns the error. */
    private MlopsException loadAfter(Consumer<ObjectNode> damage) throws IOException {
        damage.accept(saved);
        Path file = dir.resolve("damaged.json");
        JSON.writeValue(file.toFile(), saved);
        MlopsException e = catchThrowableOfType(MlopsException.class, () -> ProfileFile.load(file));
        assertThat(e).as("loading %s", file).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
        return e;
    }

    private static ObjectNode column(ObjectNode profile, int index) {
        return (ObjectNode) ((ArrayNode) profile.get("columns")).get(index);
    }

    @Test
    void aColumnThatAppearsTwiceIsRefused() throws IOException {
        // age renamed to amount: last-wins would compare the current amounts with the reference ages.
        MlopsException e = loadAfter(profile -> column(profile, 1).put("name", "amount"));
        assertThat(e.getMessage()).isEqualTo("profile " + dir.resolve("damaged.json")
                + " is damaged: column 'amount' appears twice");
    }

    @Test
    void columnsThatAreNotAListAreRefused() throws IOException {
        MlopsException e = loadAfter(profile -> profile.put("columns", "x"));
        assertThat(e.getMessage()).endsWith(" is damaged: columns must be a list");
    }

    @Test
    void anUnknownKindIsRefusedNamingTheColumnAndTheKnownKinds() throws IOException {
        MlopsException e = loadAfter(profile -> column(profile, 2).put("kind", "weird"));
        assertThat(e.getMessage()).endsWith(" is damaged: column 'region' has kind 'weird'; known kinds: numeric, "
                + "categorical");
    }

    @Test
    void aNegativeCategoryCountIsRefused() throws IOException {
        MlopsException e = loadAfter(profile -> ((ObjectNode) column(profile, 2).get("categories")).put("north", -94));
        assertThat(e.getMessage()).endsWith(" is damaged: column 'region': the count of category 'north' must be a "
                + "whole number, 0 or more, not -94");
    }

    @Test
    void aCountWrittenAsTextIsRefused() throws IOException {
        MlopsException e = loadAfter(profile -> column(profile, 0).put("missing", "none"));
        assertThat(e.getMessage()).endsWith(" is damaged: column 'amount': \"missing\" must be a whole number, 0 or "
                + "more, not \"none\"");
    }

    @Test
    void categoryCountsThatDoNotAddUpToTheColumnsCountAreRefused() throws IOException {
        // Shares are counts over the column's count: a wrong count would shift every share the tests compare.
        MlopsException e = loadAfter(profile -> column(profile, 2).put("count", 30));
        assertThat(e.getMessage()).endsWith(" is damaged: column 'region': its categories and pooled values add up to "
                + "300, not its count 30");
    }

    @Test
    void binCountsThatDoNotAddUpToTheColumnsCountAreRefused() throws IOException {
        MlopsException e = loadAfter(profile -> {
            ObjectNode amount = column(profile, 0);
            amount.remove(java.util.List.of("values", "distinct"));
            amount.putObject("grid").put("unit", 1.0).putArray("edges").add(0.0).add(1000.0).add(2000.0);
            ObjectNode bins = amount.putObject("bins");
            bins.putArray("lower");
            bins.putArray("interior").add(100).add(150);
            bins.putArray("upper");
        });
        assertThat(e.getMessage()).endsWith(" is damaged: column 'amount': its bins add up to 250, not its count 300");
    }

    @Test
    void aVersionThatIsNotAWholeNumberIsRefused() throws IOException {
        MlopsException e = loadAfter(profile -> profile.put("version", 1.5));
        assertThat(e.getMessage()).endsWith(" has format version 1.5; this mlops reads version 1");
    }

    @Test
    void aStatisticWrittenAsTextIsRefused() throws IOException {
        MlopsException e = loadAfter(profile -> column(profile, 0).put("mean", "NaN"));
        assertThat(e.getMessage()).endsWith(" is damaged: column 'amount': \"mean\" must be a finite number, not "
                + "\"NaN\"");
    }

    @Test
    void savedValuesOutOfOrderAreRefused() throws IOException {
        // Exact tests walk the values in order: unsorted ones give another distribution function, silently.
        MlopsException e = loadAfter(profile -> withValues(column(profile, 0), 1250.5, 980.25, 1010.0));
        assertThat(e.getMessage()).endsWith(" is damaged: column 'amount': its values must be finite numbers in "
                + "increasing order");
    }

    @Test
    void aSavedValueThatIsNotANumberIsRefused() throws IOException {
        MlopsException e = loadAfter(profile -> withValues(column(profile, 0), Double.NaN, 980.25, 1010.0));
        assertThat(e.getMessage()).endsWith(" is damaged: column 'amount': its values must be finite numbers in "
                + "increasing order");
    }

    @Test
    void distinctValuesOutOfOrderAreRefused() throws IOException {
        MlopsException e = loadAfter(profile -> {
            ArrayNode values = (ArrayNode) column(profile, 1).get("distinct").get("values");
            JsonNode first = values.remove(0);
            values.add(first);
        });
        assertThat(e.getMessage()).endsWith(" is damaged: column 'age': its distinct values must be finite numbers in "
                + "increasing order");
    }

    @Test
    void aColumnNameThatIsNotTextIsRefused() throws IOException {
        // Read as text it would be the name "5", compared with a current column of that name.
        MlopsException e = loadAfter(profile -> column(profile, 0).put("name", 5));
        assertThat(e.getMessage()).endsWith(" is damaged: a column's \"name\" must be text, not 5");
    }

    @Test
    void aColumnNameWithAnUnpairedSurrogateIsRefused() throws IOException {
        // JSON's \\u escapes can write half a character, which no CSV header holds and no report file can encode.
        Path file = dir.resolve("damaged.json");
        java.nio.file.Files.writeString(file, JSON.writeValueAsString(saved).replace("\"amount\"", "\"amount\\ud800\""));

        MlopsException e = catchThrowableOfType(MlopsException.class, () -> ProfileFile.load(file));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo("profile " + file + " is damaged: column 'amount\\ud800' is not valid "
                + "Unicode text (half of a surrogate pair)");
    }

    /** Loads the profile {@code args[0]} in this JVM and prints how that ended. The child process' main class. */
    public static void main(String[] args) {
        try {
            ProfileFile.load(Path.of(args[0]));
            System.out.println("loaded");
        } catch (MlopsException e) {
            System.out.println(e.kind() + ": " + e.getMessage() + " / " + e.hint().orElse(""));
        }
    }

    @Test
    void aProfileTooLargeForTheHeapIsAnInputErrorNamingIt() throws IOException, InterruptedException {
        // 400 000 categories in 10 MB: a tree of some 100 MB, far past the child's 32 MB heap.
        Path file = dir.resolve("huge.profile.json");
        try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(file)) {
            w.write("{\"format\": \"mlops-bridge-drift-profile\", \"version\": 1, \"columns\": [{\"name\": \"region\", "
                    + "\"kind\": \"categorical\", \"count\": 400000, \"categories\": {");
            for (int i = 0; i < 400_000; i++) {
                w.write((i == 0 ? "" : ",") + "\"region-" + i + "\": 1");
            }
            w.write("}}]}");
        }
        Path javaCommand = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(javaCommand.toString(), "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                DamagedProfileTest.class.getName(), file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(output.trim()).isEqualTo("INPUT: the Java heap ran out while reading profile " + file
                + " / raise the heap, e.g. MLOPS_JAVA_OPTS=-Xmx4g for the mlops command (on a Jenkins agent, its -Xmx)");
    }

    /** Replaces the column's saved values (and drops its distinct counts, which would disagree first). */
    private static void withValues(ObjectNode column, double... values) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8 * values.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            bytes.putDouble(v);
        }
        column.remove("distinct");
        column.put("count", values.length).put("values", java.util.Base64.getEncoder().encodeToString(bytes.array()));
    }
}

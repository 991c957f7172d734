package io.mlopsbridge.drift.profile;

import static io.mlopsbridge.drift.DriftInputNames.PROFILE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlopsbridge.core.HeapRanOut;
import io.mlopsbridge.core.InputFile;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.OneLine;
import io.mlopsbridge.drift.ColumnKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Saves and loads a {@link DatasetProfile} as JSON (format {@value #FORMAT}, version {@value #VERSION}; described
 * in docs/drift.md). Loading restores exactly the state a direct comparison would use, so comparing against a
 * saved profile gives the same result as comparing against the data.
 */
public final class ProfileFile {
    public static final String FORMAT = "mlops-bridge-drift-profile";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProfileFile() {
    }

    /** Whether a file looks like a saved profile (a JSON object naming our format), not a data file. */
    public static boolean isProfile(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(256);
            String text = new String(head, java.nio.charset.StandardCharsets.UTF_8).stripLeading();
            return text.startsWith("{") && text.contains(FORMAT);
        } catch (IOException e) {
            return false;
        }
    }

    public static void save(DatasetProfile profile, Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("source", profile.source());
        root.put("rows", profile.rows());
        ObjectNode bad = root.putObject("badRows");
        bad.put("count", profile.badRows().count());
        ArrayNode examples = bad.putArray("examples");
        for (BadRows.Example e : profile.badRows().examples()) {
            ObjectNode example = examples.addObject().put("line", e.line());
            if (e.lastLine() != e.line()) {
                example.put("lastLine", e.lastLine());
            }
            example.put("reason", e.reason());
        }
        ArrayNode columns = root.putArray("columns");
        for (ColumnProfile c : profile.columns().values()) {
            ObjectNode node = columns.addObject();
            node.put("name", c.name());
            node.put("kind", c.kind().id());
            node.put("missing", c.missing());
            node.put("bad", c.bad());
            if (c.kind() == ColumnKind.NUMERIC) {
                writeNumeric(node, c.numeric());
            } else {
                writeCategorical(node, c.categorical());
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to clean up
            }
            throw MlopsException.input("cannot write profile " + file + ": " + e.getMessage(),
                    "check that the directory exists and is writable");
        }
    }

    private static void writeNumeric(ObjectNode node, NumericSummary s) {
        node.put("count", s.count());
        if (s.count() > 0) {
            node.put("min", s.min());
            node.put("max", s.max());
            node.put("mean", s.mean());
            node.put("std", s.std());
        }
        node.put("integers", s.integers());
        if (s.distinct() != null) {
            ObjectNode d = node.putObject("distinct");
            ArrayNode values = d.putArray("values");
            for (double v : s.distinct().values()) {
                values.add(v);
            }
            ArrayNode counts = d.putArray("counts");
            for (long n : s.distinct().counts()) {
                counts.add(n);
            }
        }
        if (s.sortedValues() != null) {
            ByteBuffer buffer = ByteBuffer.allocate(8 * s.sortedValues().length).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : s.sortedValues()) {
                buffer.putDouble(v);
            }
            node.put("values", Base64.getEncoder().encodeToString(buffer.array()));
        }
        if (s.bins() != null) {
            ObjectNode grid = node.putObject("grid");
            ArrayNode edges = grid.putArray("edges");
            for (double e : s.bins().grid().edges()) {
                edges.add(e);
            }
            grid.put("unit", s.bins().grid().unit());
            ObjectNode bins = node.putObject("bins");
            putLongs(bins.putArray("lower"), s.bins().lowerTail());
            putLongs(bins.putArray("interior"), s.bins().interior());
            putLongs(bins.putArray("upper"), s.bins().upperTail());
        }
    }

    private static void writeCategorical(ObjectNode node, CategoricalSummary s) {
        node.put("count", s.count());
        ObjectNode categories = node.putObject("categories");
        s.counts().forEach(categories::put);
        node.put("pooled", s.pooled());
    }

    private static void putLongs(ArrayNode array, long[] values) {
        for (long v : values) {
            array.add(v);
        }
    }

    /**
     * Loads a saved profile. Its size is not bounded by design (columns, categories of up to 16 MiB), so the heap
     * running out while loading is an input error naming the file, as for data, not an error that ends the JVM's
     * main thread (the CLI's exit 1 would read as drift).
     */
    public static DatasetProfile load(Path file) {
        InputFile.require(file, "profile", "pass a profile a drift check saved (" + PROFILE + ")");
        try {
            return parse(file); // its tree is unreachable once the error leaves it
        } catch (OutOfMemoryError e) {
            throw HeapRanOut.whileReading("profile " + file);
        }
    }

    private static DatasetProfile parse(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw MlopsException.input("profile " + file + " does not exist", "check the path");
        } catch (IOException e) {
            throw MlopsException.input("profile " + file + " is not valid JSON: " + OneLine.of(e.getMessage()),
                    "use a profile a drift check saved (" + PROFILE + ")");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw MlopsException.input(file + " is not a drift profile (no \"format\": \"" + FORMAT + "\")",
                    "use a profile a drift check saved (" + PROFILE + ")");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber() || version.asLong() != VERSION) { // 1.5 is no version 1
            throw MlopsException.input("profile " + file + " has format version " + (version == null ? "none"
                    : version) + "; this mlops reads version " + VERSION,
                    "re-create the profile with this version of mlops");
        }
        try {
            List<BadRows.Example> examples = new ArrayList<>();
            for (JsonNode e : root.path("badRows").path("examples")) {
                long line = e.path("line").asLong();
                examples.add(new BadRows.Example(line, e.path("lastLine").asLong(line),
                        text(e.path("reason").asText(), "a bad row's reason")));
            }
            Map<String, ColumnProfile> columns = new LinkedHashMap<>();
            JsonNode list = required(root, "columns");
            if (!list.isArray()) { // an object or text iterates as no columns: a profile that compares nothing
                throw new IllegalArgumentException("columns must be a list");
            }
            for (JsonNode c : list) {
                JsonNode nameNode = required(c, "name");
                if (!nameNode.isTextual()) { // asText would turn 5 into the name "5"
                    throw new IllegalArgumentException("a column's \"name\" must be text, not " + nameNode);
                }
                String name = text(nameNode.asText(), "column");
                if (columns.containsKey(name)) { // last-wins would compare a column with another's distribution
                    throw new IllegalArgumentException("column '" + name + "' appears twice");
                }
                ColumnKind kind = kind(c, name);
                try {
                    long missing = countOrZero(c, "missing");
                    long bad = countOrZero(c, "bad");
                    if (kind == ColumnKind.NUMERIC) {
                        columns.put(name, new ColumnProfile(name, kind, missing, bad, readNumeric(c), null));
                    } else {
                        columns.put(name, new ColumnProfile(name, kind, missing, bad, null, readCategorical(c)));
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("column '" + name + "': " + e.getMessage(), e);
                }
            }
            return new DatasetProfile(text(root.path("source").asText(), "source"), countOrZero(root, "rows"),
                    new BadRows(countOrZero(root.path("badRows"), "count"), examples), columns);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw MlopsException.input("profile " + file + " is damaged: " + e.getMessage(),
                    "save the reference's profile again (" + PROFILE + ")");
        }
    }

    private static NumericSummary readNumeric(JsonNode c) {
        long count = count(required(c, "count"), "\"count\"");
        double min = numberOrNaN(c, "min");
        double max = numberOrNaN(c, "max");
        double mean = numberOrNaN(c, "mean");
        double std = numberOrNaN(c, "std");
        ValueCounts distinct = null;
        if (c.has("distinct")) {
            double[] values = doubles(c.get("distinct").path("values"), "a distinct value");
            requireIncreasing(values, "its distinct values", false); // counts are looked up by binary search
            long[] counts = longs(c.get("distinct").path("counts"), "a distinct value's count");
            if (values.length != counts.length) {
                throw new IllegalArgumentException("distinct values and counts differ in length");
            }
            requireTotal(count, "its distinct values' counts", total(counts));
            distinct = new ValueCounts(values, counts);
        }
        double[] sorted = null;
        if (c.has("values")) {
            ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(c.get("values").asText()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (buffer.remaining() % 8 != 0) {
                throw new IllegalArgumentException("its values are not whole 8-byte numbers");
            }
            sorted = new double[buffer.remaining() / 8];
            for (int i = 0; i < sorted.length; i++) {
                sorted[i] = buffer.getDouble();
            }
            requireIncreasing(sorted, "its values", true); // exact tests walk them in order
            if (sorted.length != count) {
                throw new IllegalArgumentException("column has " + sorted.length + " values but count " + count);
            }
        }
        BinCounts bins = null;
        if (c.has("grid")) {
            BinGrid grid = BinGrid.of(doubles(c.get("grid").path("edges"), "a grid edge"),
                    c.get("grid").path("unit").asDouble());
            JsonNode b = required(c, "bins");
            long[] lower = longs(b.path("lower"), "a bin count");
            long[] interior = longs(b.path("interior"), "a bin count");
            long[] upper = longs(b.path("upper"), "a bin count");
            requireTotal(count, "its bins", total(lower, interior, upper));
            bins = BinCounts.of(grid, lower, interior, upper);
        }
        if ((sorted == null) == (bins == null)) {
            throw new IllegalArgumentException("a numeric column needs either values or grid and bins");
        }
        return new NumericSummary(count, min, max, mean, std, c.path("integers").asBoolean(), distinct, sorted, bins);
    }

    private static CategoricalSummary readCategorical(JsonNode c) {
        TreeMap<String, Long> counts = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = required(c, "categories").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String category = text(e.getKey(), "category");
            counts.put(category, count(e.getValue(), "the count of category '" + category + "'"));
        }
        long count = count(required(c, "count"), "\"count\"");
        long pooled = countOrZero(c, "pooled");
        requireTotal(count, "its categories and pooled values",
                total(counts.values().stream().mapToLong(Long::longValue).toArray(), new long[] {pooled}));
        return new CategoricalSummary(count, counts, pooled);
    }

    /** The column's kind by its id, as saved; upper case as well, as earlier readers accepted it. */
    private static ColumnKind kind(JsonNode c, String name) {
        String text = required(c, "kind").asText();
        for (ColumnKind kind : ColumnKind.values()) {
            if (kind.id().equalsIgnoreCase(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("column '" + name + "' has kind '" + text + "'; known kinds: "
                + java.util.Arrays.stream(ColumnKind.values()).map(ColumnKind::id)
                .collect(java.util.stream.Collectors.joining(", ")));
    }

    /**
     * {@code value} when it is Unicode text. JSON's escapes can write half of a surrogate pair, which no data file's
     * header holds and no UTF-8 report can encode: the reports would fail to write long after the profile was read.
     */
    private static String text(String value, String what) {
        // Code points split pairs from halves: a half is a code point of its own, in the surrogate range.
        if (value.codePoints().noneMatch(ProfileFile::halfOfAPair)) {
            return value;
        }
        StringBuilder shown = new StringBuilder();
        value.codePoints().forEach(c -> shown.append(halfOfAPair(c) ? String.format("\\u%04x", c)
                : Character.toString(c)));
        throw new IllegalArgumentException(what + " '" + shown + "' is not valid Unicode text (half of a surrogate "
                + "pair)");
    }

    private static boolean halfOfAPair(int codePoint) {
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return value;
    }

    private static double[] doubles(JsonNode array, String what) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(array.get(i), what);
        }
        return values;
    }

    /** A finite number as the format writes it; asDouble would read text as 0 or, for "NaN", as NaN. */
    private static double number(JsonNode value, String what) {
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new IllegalArgumentException(what + " must be a finite number, not " + value);
        }
        return value.doubleValue();
    }

    /** {@link #number} of an optional field, NaN when absent (a column without values has no min or mean). */
    private static double numberOrNaN(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? Double.NaN : number(value, "\"" + field + "\"");
    }

    private static void requireIncreasing(double[] values, String what, boolean tiesAllowed) {
        for (int i = 0; i < values.length; i++) {
            boolean inOrder = i == 0 || (tiesAllowed ? values[i] >= values[i - 1] : values[i] > values[i - 1]);
            if (!Double.isFinite(values[i]) || !inOrder) {
                throw new IllegalArgumentException(what + " must be finite numbers in increasing order");
            }
        }
    }

    private static long[] longs(JsonNode array, String what) {
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = count(array.get(i), what);
        }
        return values;
    }

    /**
     * A count as the format writes it: a whole number, 0 or more. Text, fractions and negative numbers would otherwise
     * read as some other count (asLong gives 0 for text) and shift the shares the tests compare.
     */
    private static long count(JsonNode value, String what) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new IllegalArgumentException(what + " must be a whole number, 0 or more, not " + value);
        }
        return value.longValue();
    }

    /** {@link #count} of an optional field, 0 when absent. */
    private static long countOrZero(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? 0 : count(value, "\"" + field + "\"");
    }

    private static long total(long[]... parts) {
        long total = 0;
        for (long[] part : parts) {
            for (long n : part) {
                total += n;
                if (total < 0) { // counts are 0 or more, so a sum past Long.MAX_VALUE wraps below 0
                    throw new IllegalArgumentException("its counts add up to more than " + Long.MAX_VALUE);
                }
            }
        }
        return total;
    }

    /** The parts of a column's count must add up to it: each share is a part over the count. */
    private static void requireTotal(long count, String parts, long total) {
        if (total != count) {
            throw new IllegalArgumentException(parts + " add up to " + total + ", not its count " + count);
        }
    }
}

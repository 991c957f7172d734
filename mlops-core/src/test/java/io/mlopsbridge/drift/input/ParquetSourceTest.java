package io.mlopsbridge.drift.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.ColumnDrift;
import io.mlopsbridge.drift.ColumnKind;
import io.mlopsbridge.drift.DriftCheck;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.log.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetSourceTest {
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message loans {
              optional double amount;
              optional int32 age;
              optional binary region (STRING);
              optional boolean online;
            }""");

    @TempDir
    Path dir;

    /** Writes the same rows as Parquet (snappy, small row groups) and as CSV; empty cells are nulls. */
    private Path[] write(String name, int rows, long seed, double shift) throws IOException {
        return write(name, rows, seed, shift, CompressionCodecName.SNAPPY);
    }

    private Path[] write(String name, int rows, long seed, double shift, CompressionCodecName codec)
            throws IOException {
        Random random = new Random(seed);
        Path parquet = dir.resolve(name + ".parquet");
        List<String> csv = new ArrayList<>();
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(parquet))
                .withConf(new PlainParquetConfiguration()).withType(SCHEMA)
                .withCodecFactory(new ParquetCodecs()).withCompressionCodec(codec).withRowGroupSize(64 * 1024L).build()) {
            for (int i = 0; i < rows; i++) {
                double amount = Double.parseDouble(String.format(Locale.ROOT, "%.2f",
                        1000 + shift * 300 + 250 * random.nextGaussian()));
                int age = 18 + random.nextInt(60);
                String region = new String[] {"north", "south", "east", "west"}[random.nextInt(4)];
                boolean online = random.nextBoolean();
                Group g = groups.newGroup();
                boolean nullAmount = i % 97 == 0;
                if (!nullAmount) {
                    g.add("amount", amount);
                }
                g.add("age", age);
                g.add("region", region);
                g.add("online", online);
                writer.write(g);
                csv.add((nullAmount ? "" : String.format(Locale.ROOT, "%.2f", amount)) + "," + age + "," + region
                        + "," + online);
            }
        }
        Path csvFile = dir.resolve(name + ".csv");
        Files.write(csvFile, prepend("amount,age,region,online", csv));
        return new Path[] {parquet, csvFile};
    }

    private static List<String> prepend(String header, List<String> rows) {
        List<String> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    @Test
    void parquetColumnsGetTheirKindsFromTheSchema() throws IOException {
        Path file = write("ref", 100, 1, 0)[0];
        ParquetSource source = ParquetSource.open(file, "reference");
        assertThat(source.header()).containsExactly("amount", "age", "region", "online");
        assertThat(source.declaredKinds()).containsExactly(ColumnKind.NUMERIC, ColumnKind.NUMERIC,
                ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL);
    }

    @Test
    void parquetAndCsvOfTheSameRowsGiveTheSameResult() throws IOException {
        Path[] ref = write("ref", 5000, 1, 0);
        Path[] cur = write("cur", 4000, 2, 0.2);
        DriftCheck check = DriftCheck.withDefaults().withColumnKind("online", ColumnKind.CATEGORICAL);
        DriftResult fromParquet = check.run(Sources.open(ref[0], "reference", CsvFormat.DEFAULT),
                Sources.open(cur[0], "current", CsvFormat.DEFAULT), BuildLog.silent());
        DriftResult fromCsv = check.run(Sources.open(ref[1], "reference", CsvFormat.DEFAULT),
                Sources.open(cur[1], "current", CsvFormat.DEFAULT), BuildLog.silent());
        assertThat(fromParquet.columns()).extracting(ColumnDrift::score)
                .containsExactlyElementsOf(fromCsv.columns().stream().map(ColumnDrift::score).toList());
        assertThat(fromParquet.columns().get(0).referenceMissing()).isEqualTo(52);
        assertThat(fromParquet.drifted()).isEqualTo(fromCsv.drifted());
    }

    @Test
    void everySupportedCompressionReadsTheSameValues() throws IOException {
        Path[] csv = write("plain", 3000, 5, 0, CompressionCodecName.UNCOMPRESSED);
        for (CompressionCodecName codec : List.of(CompressionCodecName.GZIP, CompressionCodecName.ZSTD,
                CompressionCodecName.LZ4_RAW, CompressionCodecName.SNAPPY)) {
            Path parquet = write("c-" + codec, 3000, 5, 0, codec)[0];
            DriftResult result = DriftCheck.withDefaults().run(Sources.open(csv[1], "reference", CsvFormat.DEFAULT),
                    Sources.open(parquet, "current", CsvFormat.DEFAULT), BuildLog.silent());
            assertThat(result.columns()).as(codec.name()).allMatch(c -> c.score() == (c.method().isPValue() ? 1 : 0));
        }
    }

    @Test
    void aTruncatedParquetFileIsAnInputError() throws IOException {
        Path file = write("ref", 1000, 1, 0)[0];
        byte[] bytes = Files.readAllBytes(file);
        Path broken = dir.resolve("broken.parquet");
        Files.write(broken, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Sources.open(broken, "current", CsvFormat.DEFAULT))
                .isInstanceOf(MlopsException.class)
                .hasMessageContaining("cannot read current Parquet file");
    }
}

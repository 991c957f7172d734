package io.mlopsbridge.drift.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.drift.ColumnKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large CSV read asks HotSpot to keep the category lookup out of the parser's compiled loop, so that a read's speed
 * no longer depends on the order the JIT compiles in (benchmarks.md, eleventh round). What is checked is what the JVM
 * itself reports as installed.
 */
class ParserCompilerDirectiveTest {
    @TempDir
    Path dir;

    @Test
    void aReadOfALargeFileKeepsTheCategoryLookupOutOfTheParsersCompiledLoop() throws IOException, JMException {
        Path file = dir.resolve("transactions.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("amount,country\n");
            String[] countries = {"DE", "FR", "NL", "PL", "SE"};
            for (int i = 0; i < 8_000_000; i++) {
                out.write((i % 977) + "." + (i % 100) + "," + countries[i % countries.length] + "\n");
            }
        }
        assertThat(Files.size(file)).isGreaterThanOrEqualTo(ParserCompilerDirective.LARGE_READ_BYTES);
        long[] rows = new long[1];

        CsvSource.open(file, "reference", CsvFormat.DEFAULT).read(new int[] {0, 1},
                Arrays.asList(ColumnKind.NUMERIC, ColumnKind.CATEGORICAL), ColumnGrids.none(2),
                batch -> rows[0] += batch.rows);

        assertThat(rows[0]).isEqualTo(8_000_000);
        assertThat(directivesTheJvmReports())
                .contains("matching: io/mlopsbridge/drift/input/CsvChunkParser.*")
                .contains("inline: -io/mlopsbridge/drift/input/CategoryInterner.slotOf");
    }

    /** What the JVM lists as its compiler directives (as {@code jcmd <pid> Compiler.directives_print} does). */
    private static String directivesTheJvmReports() throws JMException {
        return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName(ParserCompilerDirective.DIAGNOSTIC_COMMAND), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()}));
    }

    @Test
    void theDirectiveNamesTheParserAndALookupMethodThatExist() {
        assertThat(ParserCompilerDirective.text())
                .contains(CsvChunkParser.class.getName().replace('.', '/') + ".*")
                .contains(CategoryInterner.class.getName().replace('.', '/') + ".slotOf");
        assertThat(List.of(CategoryInterner.class.getDeclaredMethods())).anyMatch(m -> m.getName().equals("slotOf"));
    }
}

package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.drift.input.Sources;
import io.mlopsbridge.drift.profile.BadRows;
import io.mlopsbridge.drift.profile.ProfileFile;
import io.mlopsbridge.log.BuildLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input is counted and reported with line numbers, or fails with a one-line input error. */
class BadInputTest {
    @TempDir
    Path dir;

    private Path reference() {
        return DriftData.write(dir, "ref.csv", DriftData.rows(300, 1, 0));
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private Path fileWithRows(String name, String... extraRows) {
        List<String> rows = new ArrayList<>(DriftData.rows(50, 2, 0));
        rows.addAll(List.of(extraRows));
        rows.addAll(DriftData.rows(50, 3, 0));
        return DriftData.write(dir, name, rows);
    }

    private DriftResult run(DriftCheck check, Path ref, Path cur) {
        return check.run(Sources.open(ref, "reference", CsvFormat.DEFAULT), Sources.open(cur, "current",
                CsvFormat.DEFAULT), BuildLog.silent());
    }

    private DriftResult run(Path ref, Path cur) {
        return run(DriftCheck.withDefaults(), ref, cur);
    }

    @Test
    void rowsWithTheWrongNumberOfFieldsAreCountedWithTheirLineNumbers() {
        Path cur = fileWithRows("cur.csv", "1200.50,33,north", "1100.00,41,south,web,extra");
        DriftResult result = run(reference(), cur);
        BadRows bad = result.current().badRows();
        assertThat(bad.count()).isEqualTo(2);
        assertThat(bad.examples()).containsExactly(
                new BadRows.Example(52, "3 fields where the header has 4"),
                new BadRows.Example(53, "5 fields where the header has 4"));
        assertThat(result.current().rows()).isEqualTo(100);
    }

    @Test
    void anUnparsableNumberInANumericColumnIsABadValue() {
        Path cur = fileWithRows("cur.csv", "12O0.50,33,north,web");
        DriftResult result = run(reference(), cur);
        assertThat(result.current().badRows().examples())
                .containsExactly(new BadRows.Example(52, "not a number in numeric column 'amount'"));
        ColumnDrift amount = result.columns().get(0);
        assertThat(amount.currentBad()).isEqualTo(1);
        assertThat(amount.currentCount()).isEqualTo(100);
        assertThat(result.columns().get(1).currentCount()).as("the row's other values still count").isEqualTo(101);
    }

    @Test
    void nanAndInfinityAreBadValues() {
        Path cur = fileWithRows("cur.csv", "NaN,33,north,web", "-inf,40,south,web", "1e999,40,south,web");
        DriftResult result = run(reference(), cur);
        assertThat(result.current().badRows().count()).isEqualTo(3);
        assertThat(result.current().badRows().examples()).extracting(BadRows.Example::reason)
                .containsOnly("NaN or infinity in numeric column 'amount'");
        assertThat(result.columns().get(0).currentBad()).isEqualTo(3);
    }

    @Test
    void emptyFieldsAreMissingValuesNotBadOnes() {
        Path cur = fileWithRows("cur.csv", ",33,,web");
        DriftResult result = run(reference(), cur);
        assertThat(result.current().badRows().count()).isZero();
        assertThat(result.columns().get(0).currentMissing()).isEqualTo(1);
        assertThat(result.columns().get(2).currentMissing()).isEqualTo(1);
    }

    @Test
    void invalidUtf8IsABadValueWithItsLineNumber() throws IOException {
        Path cur = fileWithRows("cur.csv", "1000.00,30,PLACEHOLDER,web");
        byte[] bytes = Files.readAllBytes(cur);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        byte[] latin1 = text.replace("PLACEHOLDER", "M\u00e4lar").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(cur, latin1);
        DriftResult result = run(reference(), cur);
        assertThat(result.current().badRows().examples())
                .containsExactly(new BadRows.Example(52, "invalid UTF-8 in column 'region'"));
    }

    @Test
    void anUnterminatedQuoteIsABadRow() throws IOException {
        Path cur = file("cur.csv", DriftData.HEADER + "\n1000.00,30,north,web\n1000.00,30,\"north,web\n");
        DriftResult result = run(reference(), cur);
        assertThat(result.current().badRows().examples())
                .containsExactly(new BadRows.Example(3, "unterminated quoted field"));
    }

    @Test
    void whenNoColumnCanBeComparedTheErrorSaysWhichAndWhy() throws IOException {
        // A quote opened on line 2 and never closed swallows every later row: no column has a current value.
        List<String> rows = new ArrayList<>(List.of("\"1000.00,30,north,web"));
        rows.addAll(DriftData.rows(40, 2, 0));
        Path cur = DriftData.write(dir, "cur.csv", rows);
        assertThatThrownBy(() -> run(reference(), cur)).isInstanceOfSatisfying(MlopsException.class, e ->
                assertThat(e.getMessage()).isEqualTo("no column could be compared: no usable values in the current "
                        + "data (amount, age, region, channel)"));
    }

    @Test
    void tooManyBadRowsFailWithTheFirstExamples() {
        Path cur = fileWithRows("cur.csv", "x,1,north,web", "y,2,north,web", "z,3,north,web");
        assertThatThrownBy(() -> run(DriftCheck.withDefaults().withMaxBadRows(2), reference(), cur))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
                    assertThat(e.getMessage()).contains("current file cur.csv has more than 2 bad rows")
                            .contains("line 52: not a number in numeric column 'amount'");
                    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("--max-bad-rows"));
                });
    }

    @Test
    void aLineLongerThanTheRecordLimitIsAnInputErrorNamingTheFileAndLine() throws IOException {
        Path cur = dir.resolve("longline.csv");
        // A quote left open makes the rest of a file one field; its read stops at the limit, not when the heap is gone.
        Files.writeString(cur, "amount,age,region,channel\n1200.50,33,north,web\n\"" + "x".repeat(
                CsvSource.MAX_RECORD_BYTES + 1), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> run(reference(), cur)).isInstanceOf(MlopsException.class)
                .hasMessage("line 3 of current file " + cur + " is longer than 16 MiB");
    }

    @Test
    void aHeaderLongerThanTheRecordLimitIsAnInputErrorNamingTheFile() throws IOException {
        Path cur = Files.writeString(dir.resolve("nobreaks.csv"), "a,".repeat(CsvSource.MAX_RECORD_BYTES / 2 + 1),
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CsvSource.open(cur, "current", CsvFormat.DEFAULT)).isInstanceOf(MlopsException.class)
                .hasMessage("the header of current file " + cur + " is longer than 16 MiB");
    }

    @Test
    void anEmptyFileIsAnInputError() throws IOException {
        Path empty = file("empty.csv", "");
        assertThatThrownBy(() -> run(reference(), empty)).isInstanceOf(MlopsException.class)
                .hasMessage("current file " + empty + " is empty");
    }

    @Test
    void aHeaderWithoutRowsIsAnInputError() throws IOException {
        Path headerOnly = file("header.csv", DriftData.HEADER + "\n");
        assertThatThrownBy(() -> run(reference(), headerOnly)).isInstanceOf(MlopsException.class)
                .hasMessage("current file header.csv has no data rows");
    }

    @Test
    void aHeaderThatIsNotUtf8IsAnInputError() throws IOException {
        Path cur = dir.resolve("latin1.csv");
        Files.write(cur, "montant,r\u00e9gion\n1,a\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CsvSource.open(cur, "current", CsvFormat.DEFAULT)).isInstanceOf(MlopsException.class)
                .hasMessageContaining("is not valid UTF-8");
    }

    @Test
    void duplicateColumnNamesAreAnInputError() throws IOException {
        Path cur = file("dup.csv", "a,b,a\n1,2,3\n");
        assertThatThrownBy(() -> CsvSource.open(cur, "current", CsvFormat.DEFAULT)).isInstanceOf(MlopsException.class)
                .hasMessageContaining("names column 'a' twice");
    }

    @Test
    void columnsMissingFromOrAddedToTheCurrentDataAreReported() throws IOException {
        StringBuilder csv = new StringBuilder("amount,region,score\n");
        for (String row : DriftData.rows(200, 4, 0)) {
            String[] f = row.split(",");
            csv.append(f[0]).append(',').append(f[2]).append(",0.5\n");
        }
        DriftResult result = run(reference(), file("cur.csv", csv.toString()));
        assertThat(result.missingInCurrent()).containsExactly("age", "channel");
        assertThat(result.addedInCurrent()).containsExactly("score");
        assertThat(result.columns()).extracting(ColumnDrift::column).containsExactly("amount", "region");
    }

    @Test
    void anExcludedColumnInBothFilesIsNotReportedAsAddedInTheCurrentData() {
        Path cur = DriftData.write(dir, "cur.csv", DriftData.rows(200, 4, 0));
        DriftResult result = run(DriftCheck.withDefaults().withoutColumns(List.of("channel")), reference(), cur);
        assertThat(result.columns()).extracting(ColumnDrift::column).containsExactly("amount", "age", "region");
        assertThat(result.addedInCurrent()).isEmpty();
    }

    @Test
    void referenceColumnsThatColumnsLeavesOutAreNotReportedAsAddedInTheCurrentData() {
        Path cur = DriftData.write(dir, "cur.csv", DriftData.rows(200, 4, 0));
        DriftResult result = run(DriftCheck.withDefaults().withColumns(List.of("amount", "age")), reference(), cur);
        assertThat(result.columns()).extracting(ColumnDrift::column).containsExactly("amount", "age");
        assertThat(result.addedInCurrent()).isEmpty();
    }

    @Test
    void aColumnWithNoValuesInTheCurrentDataIsSkippedWithAReason() throws IOException {
        StringBuilder csv = new StringBuilder(DriftData.HEADER + "\n");
        for (String row : DriftData.rows(100, 4, 0)) {
            csv.append(row.substring(row.indexOf(','))).append('\n');
        }
        DriftResult result = run(reference(), file("cur.csv", csv.toString()));
        assertThat(result.skipped()).containsExactly(new DriftResult.Skipped("amount",
                "no usable values in the current data"));
    }

    @Test
    void quotedFieldsMayHoldDelimitersQuotesAndLineBreaks() throws IOException {
        Path ref = file("ref.csv", "city,amount\n\"Paris, FR\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\nOslo,4\n");
        Path cur = file("cur.csv", "city,amount\nOslo,4\n\"two\r\nlines\",x\n");
        DriftResult result = run(DriftCheck.withDefaults().withColumnKind("amount", ColumnKind.NUMERIC)
                .withMaxBadRows(5), ref, cur);
        assertThat(result.reference().rows()).isEqualTo(4);
        assertThat(result.reference().badRows().count()).isZero();
        assertThat(result.current().badRows().examples())
                .containsExactly(new BadRows.Example(3, 4, "not a number in numeric column 'amount'"));
        assertThat(result.columns().get(0).histogram().labels())
                .contains("Paris, FR", "say \"hi\"", "two\nlines", "Oslo");
    }

    @Test
    void aSemicolonDelimitedFileReadsWithTheDelimiterOption() throws IOException {
        Path ref = file("ref.csv", "a;b\n1,5;x\n2,5;y\n");
        assertThat(CsvSource.open(ref, "reference", new CsvFormat(';', '"')).header()).containsExactly("a", "b");
    }

    @Test
    void aCategoricalColumnCannotUseANumericTest() {
        assertThatThrownBy(() -> run(DriftCheck.withDefaults().withColumnMethod("region", DriftMethod.KS),
                reference(), reference())).isInstanceOf(MlopsException.class)
                .hasMessage("column 'region' is categorical; ks needs numbers");
    }

    @Test
    void underAutoAThresholdAboveOneIsRefusedForAColumnJudgedByAPValueTest() {
        assertThatThrownBy(() -> run(DriftCheck.withDefaults().withThreshold(2), reference(), reference()))
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "--threshold 2.0 does not suit ks, which --method auto chose for column 'amount': ks gives "
                                + "a p-value, so its threshold must be in (0, 1)"));
    }

    @Test
    void underAutoAThresholdAboveOneSuitsColumnsJudgedByDistances() {
        Path large = DriftData.write(dir, "large.csv", DriftData.rows(1500, 4, 0));
        DriftResult result = run(DriftCheck.withDefaults().withThreshold(2), large, large);
        assertThat(result.columns()).extracting(ColumnDrift::method)
                .containsOnly(DriftMethod.WASSERSTEIN, DriftMethod.JS);
        assertThat(result.columns()).allSatisfy(c -> assertThat(c.threshold()).isEqualTo(2.0));
    }

    @Test
    void anUnknownColumnIsAnInputErrorListingTheColumns() {
        assertThatThrownBy(() -> run(DriftCheck.withDefaults().withColumns(List.of("income")), reference(),
                reference())).isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("column 'income' is not in the reference ref.csv");
                    assertThat(e.hint()).contains("reference columns: amount, age, region, channel");
                });
    }

    @Test
    void aProfilePathThatIsADirectoryIsAnInputErrorSayingAFileIsNeeded() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("ref.profile.json"));

        assertThatThrownBy(() -> ProfileFile.load(folder)).isInstanceOf(MlopsException.class)
                .hasMessage("profile '" + folder + "' is a directory, not a file");
    }

    @Test
    void aDamagedOrForeignProfileIsAnInputError() throws IOException {
        Path foreign = file("other.json", "{\"format\": \"something-else\"}");
        assertThatThrownBy(() -> ProfileFile.load(foreign)).isInstanceOf(MlopsException.class)
                .hasMessageContaining("is not a drift profile");
        Path newer = file("newer.json", "{\"format\": \"mlops-bridge-drift-profile\", \"version\": 9}");
        assertThatThrownBy(() -> ProfileFile.load(newer)).isInstanceOf(MlopsException.class)
                .hasMessageContaining("has format version 9");
        Path broken = file("broken.json", "{\"format\": \"mlops-bridge-drift-profile\", \"version\": 1, "
                + "\"columns\": [{\"name\": \"a\", \"kind\": \"numeric\", \"count\": 3}]}");
        assertThatThrownBy(() -> ProfileFile.load(broken)).isInstanceOf(MlopsException.class)
                .hasMessageContaining("is damaged");
        Path notJson = file("notjson.json", "amount,age\n1,2\n");
        assertThatThrownBy(() -> ProfileFile.load(notJson)).isInstanceOf(MlopsException.class)
                .hasMessageContaining("is not valid JSON");
    }
}

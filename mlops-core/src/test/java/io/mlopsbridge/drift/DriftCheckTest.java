package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.log.BuildLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftCheckTest {
    @TempDir
    Path dir;

    private DriftResult run(DriftCheck check, Path reference, Path current) {
        return check.run(CsvSource.open(reference, "reference", CsvFormat.DEFAULT),
                CsvSource.open(current, "current", CsvFormat.DEFAULT), BuildLog.silent());
    }

    private static final List<DriftMethod> FOR_ALL_COLUMNS = List.of(DriftMethod.PSI, DriftMethod.JS,
            DriftMethod.KL, DriftMethod.HELLINGER, DriftMethod.AUTO);

    @Test
    void identicalInputsGiveNoDriftForEveryMethod() {
        Path ref = DriftData.write(dir, "ref.csv", DriftData.rows(800, 1, 0));
        Path cur = DriftData.write(dir, "cur.csv", DriftData.rows(800, 1, 0));
        for (DriftMethod method : DriftMethod.values()) {
            DriftCheck check = DriftCheck.withDefaults().with(method);
            if (method == DriftMethod.KS || method == DriftMethod.WASSERSTEIN) {
                check = check.withColumns(List.of("amount", "age")).withColumnKind("age", ColumnKind.NUMERIC);
            }
            if (method == DriftMethod.CHI2 || method == DriftMethod.Z) {
                check = check.withColumns(List.of("age", "region", "channel"));
            }
            DriftResult result = run(check, ref, cur);
            assertThat(result.drifted()).as(method.id()).isFalse();
            assertThat(result.columns()).as(method.id()).noneMatch(ColumnDrift::drifted);
        }
    }

    @Test
    void aShiftedDistributionIsDetectedByEveryMethod() {
        Path ref = DriftData.write(dir, "ref.csv", DriftData.rows(800, 1, 0));
        Path cur = DriftData.write(dir, "cur.csv", DriftData.rows(800, 2, 1.0));
        for (DriftMethod method : DriftMethod.values()) {
            DriftCheck check = DriftCheck.withDefaults().with(method);
            if (method == DriftMethod.KS || method == DriftMethod.WASSERSTEIN) {
                check = check.withColumns(List.of("amount"));
            }
            if (method == DriftMethod.CHI2 || method == DriftMethod.Z) {
                check = check.withColumns(List.of("region", "channel"));
            }
            DriftResult result = run(check, ref, cur);
            assertThat(result.drifted()).as(method.id()).isTrue();
        }
    }

    @Test
    void autoPicksEvidentlysDefaultsForASmallReference() {
        Path ref = DriftData.write(dir, "ref.csv", DriftData.rows(800, 1, 0));
        Path cur = DriftData.write(dir, "cur.csv", DriftData.rows(900, 2, 0));
        DriftResult result = run(DriftCheck.withDefaults(), ref, cur);
        assertThat(result.columns()).extracting(ColumnDrift::column, ColumnDrift::method).containsExactly(
                org.assertj.core.groups.Tuple.tuple("amount", DriftMethod.KS),
                org.assertj.core.groups.Tuple.tuple("age", DriftMethod.KS),
                org.assertj.core.groups.Tuple.tuple("region", DriftMethod.CHI2),
                org.assertj.core.groups.Tuple.tuple("channel", DriftMethod.Z));
    }

    @Test
    void autoSwitchesToDistancesAboveAThousandReferenceRows() {
        Path ref = DriftData.write(dir, "ref.csv", DriftData.rows(3000, 1, 0));
        Path cur = DriftData.write(dir, "cur.csv", DriftData.rows(2000, 2, 0));
        DriftResult result = run(DriftCheck.withDefaults(), ref, cur);
        assertThat(result.columns()).extracting(ColumnDrift::method).containsExactly(DriftMethod.WASSERSTEIN,
                DriftMethod.WASSERSTEIN, DriftMethod.JS, DriftMethod.JS);
    }

    @Test
    void resultsDoNotDependOnRowOrder() {
        List<String> rows = DriftData.rows(5000, 1, 0.3);
        Path ref = DriftData.write(dir, "ref.csv", DriftData.rows(4000, 7, 0));
        Path cur = DriftData.write(dir, "cur.csv", rows);
        Path curShuffled = DriftData.write(dir, "cur-shuffled.csv", DriftData.shuffled(rows, 3));
        for (DriftMethod method : FOR_ALL_COLUMNS) {
            DriftCheck check = DriftCheck.withDefaults().with(method);
            DriftResult a = run(check, ref, cur);
            DriftResult b = run(check, ref, curShuffled);
            for (int i = 0; i < a.columns().size(); i++) {
                assertThat(b.columns().get(i).score()).as(method.id())
                        .isCloseTo(a.columns().get(i).score(), within(1e-12));
            }
        }
    }
}

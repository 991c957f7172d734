package io.mlopsbridge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.input.ColumnBatch;
import io.mlopsbridge.drift.input.ColumnGrids;
import io.mlopsbridge.drift.input.TabularSource;
import io.mlopsbridge.gate.GateExpression;
import io.mlopsbridge.log.BuildLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A mistaken option is an input error naming the option, found from the headers alone: before a row of either data
 * set is read (a read may take minutes), and so before anything is written.
 */
class RefusedBeforeReadingTest {
    private static final List<String> LOANS = Arrays.asList(DriftData.HEADER.split(","));

    /** A data set whose header is known and whose rows must not be read. */
    private static TabularSource unread(String name, List<String> header) {
        return new TabularSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> header() {
                return header;
            }

            @Override
            public List<ColumnKind> declaredKinds() {
                return new ArrayList<>(java.util.Collections.nCopies(header.size(), null));
            }

            @Override
            public List<ColumnKind> read(int[] columns, List<ColumnKind> kinds, ColumnGrids grids,
                                         Consumer<ColumnBatch> sink) {
                throw new AssertionError(name + " was read before the options were checked");
            }
        };
    }

    /** What reading the reference with {@code check} throws. */
    private static MlopsException refusedProfiling(DriftCheck check) {
        return refused(() -> check.profile(unread("train.csv", LOANS), BuildLog.silent()));
    }

    private static MlopsException refused(ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(MlopsException.class);
        MlopsException e = (MlopsException) thrown;
        assertThat(e.kind()).isEqualTo(ErrorKind.INPUT);
        return e;
    }

    private static DriftCheck withRule(String rule) {
        return DriftCheck.withDefaults().withRule(GateExpression.parse(rule));
    }

    @Test
    void aRuleReadingChampionMetricsIsRefused() {
        MlopsException e = refusedProfiling(withRule("drift_share <= champion.drift_share"));
        assertThat(e.getMessage()).isEqualTo("--rule 'drift_share <= champion.drift_share' reads champion metrics");
        assertThat(e.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("drift_share", "<method>.<column>"));
    }

    @Test
    void aRuleNamingAnUnknownMetricIsRefusedListingTheMetrics() {
        MlopsException e = refusedProfiling(withRule("drift_shar < 0.5"));
        assertThat(e.getMessage()).startsWith("--rule reads metric 'drift_shar', which the check does not have")
                .contains("drift_share", "drifted_count", "column_count", "amount, age, region, channel");
    }

    @Test
    void aRuleNamingAColumnThatIsNotComparedIsRefused() {
        MlopsException e = refusedProfiling(withRule("psi.amount < 0.2").withoutColumns(List.of("amount")));
        assertThat(e.getMessage()).startsWith("--rule reads metric 'psi.amount', which the check does not have")
                .contains("age, region, channel");
    }

    @Test
    void aRuleNamingAColumnTheCurrentDataLacksIsRefusedBeforeItIsRead() {
        DriftCheck check = withRule("psi.channel < 0.2");
        MlopsException e = refused(() -> check.checkOptions(LOANS, "train.csv",
                unread("last-week.csv", List.of("amount", "age", "region"))));
        assertThat(e.getMessage()).startsWith("--rule reads metric 'psi.channel'");
    }

    @Test
    void aRuleOverTheComparedColumnsIsAccepted() {
        DriftCheck check = withRule("drift_share < 0.3 && psi.amount < 0.2 && drifted.region == 0 && ks.age > 0.01");
        assertThatThrownBy(() -> check.profile(unread("train.csv", LOANS), BuildLog.silent()))
                .as("checked, then read").isInstanceOf(AssertionError.class).hasMessageContaining("was read");
    }

    @ParameterizedTest(name = "--method {0} --threshold {1}")
    @CsvSource({"ks, 2", "ks, 1", "chi2, 1.5", "z, 0"})
    void aPValueThresholdOutsideZeroToOneIsRefused(String method, double threshold) {
        MlopsException e = refusedProfiling(DriftCheck.withDefaults().with(DriftMethod.parse(method))
                .withThreshold(threshold));
        assertThat(e.getMessage()).isEqualTo("--threshold " + threshold + " does not suit --method " + method + ": "
                + method + " gives a p-value, so its threshold must be in (0, 1)");
    }

    @Test
    void aColumnThresholdOutsideZeroToOneForAPValueTestIsRefused() {
        MlopsException e = refusedProfiling(DriftCheck.withDefaults().with(DriftMethod.KS)
                .withColumnThreshold("age", 5));
        assertThat(e.getMessage()).startsWith("--column-threshold age=5.0 does not suit --method ks: ");
    }

    @Test
    void aGlobalThresholdAboveOneIsRefusedForAColumnJudgedByAPValueTest() {
        MlopsException e = refusedProfiling(DriftCheck.withDefaults().with(DriftMethod.PSI).withThreshold(2)
                .withColumnMethod("region", DriftMethod.CHI2));
        assertThat(e.getMessage()).startsWith("--threshold 2.0 does not suit --column-method region=chi2: ");
    }

    @Test
    void distanceThresholdsAboveOneAreAccepted() {
        DriftCheck check = DriftCheck.withDefaults().with(DriftMethod.PSI).withThreshold(2)
                .withColumnMethod("amount", DriftMethod.WASSERSTEIN).withColumnThreshold("amount", 1.5)
                .withColumnMethod("age", DriftMethod.KS).withColumnThreshold("age", 0.01);
        assertThatThrownBy(() -> check.profile(unread("train.csv", LOANS), BuildLog.silent()))
                .as("checked, then read").isInstanceOf(AssertionError.class).hasMessageContaining("was read");
    }

    @Test
    void aThresholdForAColumnThatIsNotComparedIsRefused() {
        MlopsException e = refusedProfiling(DriftCheck.withDefaults().withColumnThreshold("ammount", 0.2));
        assertThat(e.getMessage()).isEqualTo("--column-threshold names column 'ammount', which is not compared");
        assertThat(e.hint()).hasValue("compared columns: amount, age, region, channel");
    }

    @Test
    void aMethodForAColumnThatIsNotComparedIsRefused() {
        MlopsException e = refusedProfiling(DriftCheck.withDefaults().withColumnMethod("ammount", DriftMethod.PSI));
        assertThat(e.getMessage()).isEqualTo("--column-method names column 'ammount', which is not compared");
    }

    @Test
    void anExcludedColumnInNeitherInputIsRefused() {
        DriftCheck check = DriftCheck.withDefaults().withoutColumns(List.of("chanel"));
        MlopsException e = refused(() -> check.checkOptions(LOANS, "train.csv", unread("last-week.csv", LOANS)));
        assertThat(e.getMessage()).isEqualTo("--exclude names column 'chanel', which is in neither the reference "
                + "train.csv nor the current data last-week.csv");
        assertThat(e.hint()).hasValue("reference columns: amount, age, region, channel");
    }

    @Test
    void anExcludedColumnOnlyTheCurrentDataHasIsAccepted() {
        // A profile saved with --exclude is_fraud lacks the column; the check of later data excludes it again.
        DriftCheck check = DriftCheck.withDefaults().withoutColumns(List.of("is_fraud"));
        List<String> withLabel = new ArrayList<>(LOANS);
        withLabel.add("is_fraud");
        assertThatCode(() -> check.checkOptions(LOANS, "train.profile.json", unread("last-week.csv", withLabel)))
                .doesNotThrowAnyException();
    }
}

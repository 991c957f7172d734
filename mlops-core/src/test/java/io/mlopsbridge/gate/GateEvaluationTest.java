package io.mlopsbridge.gate;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

/** What a gate decides, clause by clause, for a candidate model and an optional champion. */
class GateEvaluationTest {
    private static final Map<String, Double> CANDIDATE = Map.of(
            "auc", 0.931, "accuracy", 0.88, "latency_p95_ms", 42.0, "f1-score", 0.81, "val/loss", 0.27);
    private static final Map<String, Double> CHAMPION = Map.of("auc", 0.934, "f1-score", 0.79, "accuracy", 0.9);

    private final Gate gate = Gate.withDefaults();

    @Test
    void passesWhenEveryClausePasses() {
        GateVerdict verdict = evaluate("auc >= 0.92 && latency_p95_ms <= 50", CANDIDATE, CHAMPION);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.clauses()).extracting(GateClause::text, GateClause::passed)
                .containsExactly(tuple("auc >= 0.92", true),
                        tuple("latency_p95_ms <= 50", true));
    }

    @Test
    void failsWhenOneClauseFailsAndNamesIt() {
        GateVerdict verdict = evaluate("auc >= 0.92 && auc >= champion.auc - 0.001 && latency_p95_ms <= 50",
                CANDIDATE, CHAMPION);

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.failedClauses()).singleElement().satisfies(clause -> {
            assertThat(clause.text()).isEqualTo("auc >= champion.auc - 0.001");
            assertThat(clause.values()).containsExactly(entry("auc", 0.931), entry("champion.auc", 0.934));
            assertThat(clause.note()).isNull();
        });
    }

    @Test
    void championComparisonPassesWhenTheCandidateIsWithinTolerance() {
        GateVerdict verdict = evaluate("auc >= champion.auc - 0.005", CANDIDATE, CHAMPION);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.championPresent()).isTrue();
    }

    @Test
    void withoutAChampionChampionComparisonsPassAndSaySo() {
        GateVerdict verdict = gate.evaluate(GateExpression.parse("auc >= 0.92 && auc >= champion.auc - 0.001"),
                CANDIDATE, Optional.empty());

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.championPresent()).isFalse();
        GateClause championClause = verdict.clauses().get(1);
        assertThat(championClause.passed()).isTrue();
        assertThat(championClause.note()).isEqualTo("no champion yet (alias 'champion')");
        assertThat(championClause.values()).containsExactly(entry("auc", 0.931));
        assertThat(verdict.clauses().get(0).note()).isNull();
    }

    @Test
    void withoutAChampionOnlyTheChampionComparisonIsWaivedNotItsNeighbours() {
        GateVerdict verdict = gate.evaluate(GateExpression.parse("auc > champion.auc && auc > 0.99 || accuracy > 0.99"),
                CANDIDATE, Optional.empty());

        assertThat(verdict.passed()).isFalse();
    }

    @Test
    void withoutAChampionANegatedChampionComparisonAlsoPasses() {
        GateVerdict verdict = gate.evaluate(GateExpression.parse("!(auc < champion.auc)"), CANDIDATE, Optional.empty());

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.clauses().get(0).note()).isEqualTo("no champion yet (alias 'champion')");
    }

    @Test
    void noChampionNoteNamesTheConfiguredAlias() {
        GateVerdict verdict = gate.withChampionAlias("production").evaluate(
                GateExpression.parse("auc >= champion.auc"), CANDIDATE, Optional.empty());

        assertThat(verdict.championAlias()).isEqualTo("production");
        assertThat(verdict.clauses().get(0).note()).isEqualTo("no champion yet (alias 'production')");
    }

    @Test
    void championAliasDefaultsToChampion() {
        assertThat(Gate.withDefaults().championAlias()).isEqualTo("champion");
    }

    @Test
    void blankChampionAliasIsRejected() {
        assertThat(catchThrowableOfType(MlopsException.class, () -> gate.withChampionAlias(" ")).kind())
                .isEqualTo(ErrorKind.INPUT);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "auc < 0.931 | false", "auc <= 0.931 | true", "auc > 0.931 | false", "auc >= 0.931 | true",
            "auc == 0.931 | true", "auc != 0.931 | false", "auc < 0.94 | true", "auc != 0.94 | true"})
    void comparisonOperators(String expression, boolean passed) {
        assertThat(evaluate(expression, CANDIDATE, CHAMPION).passed()).isEqualTo(passed);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "latency_p95_ms + 8 == 50 | true", "latency_p95_ms - 2 == 40 | true", "latency_p95_ms * 2 == 84 | true",
            "latency_p95_ms / 4 == 10.5 | true", "-latency_p95_ms == 0 - 42 | true", "2 + 3 * 4 == 14 | true",
            "(2 + 3) * 4 == 20 | true", "8 / 4 / 2 == 1 | true", "8 - 4 - 2 == 2 | true", "- -3 == 3 | true"})
    void arithmeticOperators(String expression, boolean passed) {
        assertThat(evaluate(expression, CANDIDATE, CHAMPION).passed()).isEqualTo(passed);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "auc > 0.9 || auc > 2 ; true", "auc > 2 || auc > 3 ; false", "!(auc > 2) ; true", "!(auc > 0.9) ; false",
            "!!(auc > 0.9) ; true", "auc > 2 || auc > 0.9 && accuracy > 0.8 ; true",
            "(auc > 2 || auc > 0.9) && accuracy > 0.95 ; false"})
    void logicalOperators(String expression, boolean passed) {
        assertThat(evaluate(expression, CANDIDATE, CHAMPION).passed()).isEqualTo(passed);
    }

    @Test
    void namesWithDotsSlashesAndBackQuotesReadTheirMetrics() {
        GateVerdict verdict = evaluate("val/loss < 0.3 && `f1-score` >= champion.`f1-score`", CANDIDATE, CHAMPION);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.clauses().get(1).values())
                .containsExactly(entry("champion.f1-score", 0.79), entry("f1-score", 0.81));
    }

    @Test
    void clauseRecordsEveryMetricItReadsEvenBehindAnOrThatAlreadyHeld() {
        GateVerdict verdict = evaluate("auc > 0.5 || accuracy > 2", CANDIDATE, CHAMPION);

        assertThat(verdict.clauses().get(0).values()).containsOnlyKeys("accuracy", "auc");
    }

    @Test
    void divisionByZeroFailsTheClauseWithANote() {
        Map<String, Double> metrics = Map.of("errors", 3.0, "requests", 0.0, "auc", 0.95);

        GateVerdict verdict = evaluate("auc > 0.9 && errors / requests < 0.01 || auc > 0.5", metrics, Map.of());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.clauses()).singleElement().satisfies(clause -> {
            assertThat(clause.passed()).isFalse();
            assertThat(clause.note()).isEqualTo("division by zero: 'requests' is 0");
        });
    }

    @Test
    void divisionByZeroFailsOnlyItsOwnClause() {
        Map<String, Double> metrics = Map.of("errors", 3.0, "requests", 0.0, "auc", 0.95);

        GateVerdict verdict = evaluate("auc > 0.9 && errors / (requests * 2) < 0.01", metrics, Map.of());

        assertThat(verdict.clauses()).extracting(GateClause::passed).containsExactly(true, false);
        assertThat(verdict.clauses().get(1).note()).isEqualTo("division by zero: '(requests * 2)' is 0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "auc < 1", "auc <= 1", "auc > 0", "auc >= 0", "auc == auc", "auc != 0.5", "auc + 1 > 0"})
    void nanMetricComparesFalse(String expression) {
        GateVerdict verdict = evaluate(expression, Map.of("auc", Double.NaN), Map.of());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.clauses().get(0).note()).isEqualTo("NaN in '" + expression + "' counts as not met");
    }

    @Test
    void nanMetricDoesNotPassThroughANegationEither() {
        assertThat(evaluate("!(auc < 0.5)", Map.of("auc", Double.NaN), Map.of()).passed()).isFalse();
    }

    @Test
    void nanMetricFailsOnlyTheBranchItIsIn() {
        assertThat(evaluate("auc > 0.9 || accuracy > 0.8", Map.of("auc", Double.NaN, "accuracy", 0.85), Map.of())
                .passed()).isTrue();
    }

    @Test
    void missingMetricIsAnInputErrorNamingItAndTheMetricsThatExist() {
        MlopsException error = evaluationError("auc >= 0.92 && latency_ms <= 50", CANDIDATE, Optional.of(CHAMPION));

        assertThat(error.kind()).isEqualTo(ErrorKind.INPUT);
        assertThat(error.getMessage()).isEqualTo("gate expression: metric 'latency_ms' not found; the model's metrics"
                + " are: accuracy, auc, f1-score, latency_p95_ms, val/loss");
    }

    @Test
    void severalMissingMetricsAreNamedTogether() {
        assertThat(evaluationError("recall > 0.5 && precision > 0.5", Map.of("auc", 0.9), Optional.empty())
                .getMessage()).isEqualTo("gate expression: metrics 'precision', 'recall' not found; the model's"
                + " metrics are: auc");
    }

    @Test
    void missingMetricWithNoMetricsAtAllSaysSo() {
        assertThat(evaluationError("auc > 0.5", Map.of(), Optional.empty()).getMessage())
                .isEqualTo("gate expression: metric 'auc' not found; the model's metrics are: (none)");
    }

    @Test
    void missingMetricHintPointsAtBackQuotesWhenANameNeedsThem() {
        MlopsException error = evaluationError("f1-score > 0.8", CANDIDATE, Optional.empty());

        assertThat(error.getMessage()).startsWith("gate expression: metrics 'f1', 'score' not found");
        assertThat(error.hint()).hasValue("put names with other characters in back quotes, e.g. `f1-score`");
    }

    @Test
    void longMetricListsAreCut() {
        Map<String, Double> many = new HashMap<>();
        for (int i = 0; i < 120; i++) {
            many.put(String.format("m%03d", i), 1.0);
        }

        assertThat(evaluationError("auc > 0.5", many, Optional.empty()).getMessage())
                .endsWith("m048, m049 and 70 more");
    }

    @Test
    void championMissingAMetricIsAnInputErrorNamingItAndTheChampionsMetrics() {
        MlopsException error = evaluationError("latency_p95_ms <= champion.latency_p95_ms", CANDIDATE,
                Optional.of(CHAMPION));

        assertThat(error.kind()).isEqualTo(ErrorKind.INPUT);
        assertThat(error.getMessage()).isEqualTo("gate expression: the champion has no metric 'latency_p95_ms'"
                + " (read as champion.latency_p95_ms); the champion's metrics are: accuracy, auc, f1-score");
    }

    @Test
    void requireMetricsAcceptsWhatEvaluateAccepts() {
        GateExpression expression = GateExpression.parse("auc >= champion.auc");

        Gate.requireMetrics(expression, CANDIDATE, Optional.of(CHAMPION));
        Gate.requireMetrics(expression, CANDIDATE, Optional.empty());
    }

    @Test
    void requireMetricsChecksChampionMetricsOnlyWhenThereIsAChampion() {
        GateExpression expression = GateExpression.parse("auc >= champion.precision");

        Gate.requireMetrics(expression, CANDIDATE, Optional.empty());
        assertThat(catchThrowableOfType(MlopsException.class,
                () -> Gate.requireMetrics(expression, CANDIDATE, Optional.of(CHAMPION))).getMessage())
                .contains("the champion has no metric 'precision'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Infinity", "-Infinity", "1.7976931348623157E308", "-1.7976931348623157E308"})
    void anInfiniteMetricIsAnInputErrorNotAComparableValue(double value) {
        // Infinity from an overflow would pass "auc >= 0.9"; MLflow's SQL stores keep it as the largest double.
        MlopsException error = evaluationError("auc >= 0.9", Map.of("auc", value), Optional.empty());

        assertThat(error.kind()).isEqualTo(ErrorKind.INPUT);
        assertThat(error.getMessage()).isEqualTo("gate expression: metric 'auc' is infinite (MLflow stores an"
                + " infinite value as ±1.7976931348623157E308), which no threshold can be compared with");
    }

    @Test
    void anInfiniteChampionMetricIsAnInputErrorNamingTheChampion() {
        MlopsException error = evaluationError("auc >= champion.auc", CANDIDATE,
                Optional.of(Map.of("auc", Double.NEGATIVE_INFINITY)));

        assertThat(error.getMessage()).startsWith("gate expression: the champion's metric 'auc' (read as champion.auc)"
                + " is infinite");
    }

    @Test
    void aMetricWithoutAValueCountsAsMissing() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("auc", null);
        metrics.put("loss", 0.2);

        assertThat(evaluationError("auc > 0.5", metrics, Optional.empty()).getMessage())
                .isEqualTo("gate expression: metric 'auc' not found; the model's metrics are: loss");
    }

    @Test
    void verdictRecordsExpressionAndChampion() {
        GateVerdict verdict = evaluate("auc > 0.5", CANDIDATE, CHAMPION);

        assertThat(verdict.expression()).isEqualTo("auc > 0.5");
        assertThat(verdict.championAlias()).isEqualTo("champion");
        assertThat(verdict.championPresent()).isTrue();
    }

    @Test
    void summaryOfAPassingGateCountsClauses() {
        assertThat(evaluate("auc > 0.5 && accuracy > 0.5", CANDIDATE, CHAMPION).summary())
                .isEqualTo("gate passed: 2 of 2 clauses passed");
    }

    @Test
    void summaryOfAFailingGateNamesTheFailedClausesAndTheirValues() {
        assertThat(evaluate("auc > 0.5 && auc >= champion.auc", CANDIDATE, CHAMPION).summary())
                .isEqualTo("gate failed: 1 of 2 clauses passed; failed: auc >= champion.auc"
                        + " (auc = 0.931, champion.auc = 0.934)");
    }

    @Test
    void summaryIsOneLineWithControlAndBidiCharactersOfNamesEscaped() {
        // The summary is the plain result on stdout and a build log line: a name must not break or rewrite it.
        GateVerdict verdict = evaluate("`val\nloss` < 0.2 && `auc\u001B[8m\u202E` > 0.5",
                Map.of("val\nloss", 0.3, "auc\u001B[8m\u202E", 0.4), Map.of());

        assertThat(verdict.summary()).isEqualTo("gate failed: 0 of 2 clauses passed; failed: `val loss` < 0.2"
                + " (val\\nloss = 0.3); `auc\\u001b[8m\\u202e` > 0.5 (auc\\u001b[8m\\u202e = 0.4)");
    }

    private GateVerdict evaluate(String expression, Map<String, Double> metrics, Map<String, Double> champion) {
        return gate.evaluate(GateExpression.parse(expression), metrics, Optional.of(champion));
    }

    private MlopsException evaluationError(String expression, Map<String, Double> metrics,
                                           Optional<Map<String, Double>> champion) {
        MlopsException error = catchThrowableOfType(MlopsException.class,
                () -> gate.evaluate(GateExpression.parse(expression), metrics, champion));
        assertThat(error).as("error for %s", expression).isNotNull();
        return error;
    }
}

package io.mlopsbridge.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.mlopsbridge.gate.GateTreePrinter.structure;
import static org.assertj.core.api.Assertions.assertThat;

/** How gate expressions are read: precedence, associativity, names and numbers. */
class GateExpressionTest {

    @Test
    void orBindsLooserThanAnd() {
        assertThat(structure("a > 1 || b > 1 && c > 1")).isEqualTo("((a > 1) || ((b > 1) && (c > 1)))");
    }

    @Test
    void notBindsLooserThanComparison() {
        assertThat(structure("!a < b")).isEqualTo("(!(a < b))");
    }

    @Test
    void notBindsTighterThanAnd() {
        assertThat(structure("!a < 1 && b < 1")).isEqualTo("((!(a < 1)) && (b < 1))");
    }

    @Test
    void comparisonBindsLooserThanArithmetic() {
        assertThat(structure("a + 1 >= b * 2")).isEqualTo("((a + 1) >= (b * 2))");
    }

    @Test
    void multiplicationBindsTighterThanAddition() {
        assertThat(structure("a + b * c - d / e > 0")).isEqualTo("(((a + (b * c)) - (d / e)) > 0)");
    }

    @Test
    void unaryMinusBindsTighterThanMultiplication() {
        assertThat(structure("-a * b > 0")).isEqualTo("(((-a) * b) > 0)");
    }

    @Test
    void subtractionAndDivisionAssociateToTheLeft() {
        assertThat(structure("a - b - c / d / e > 0")).isEqualTo("(((a - b) - ((c / d) / e)) > 0)");
    }

    @Test
    void parenthesesOverridePrecedence() {
        assertThat(structure("(a + b) * c > 0 && !(x > 1 || y > 1)"))
                .isEqualTo("((((a + b) * c) > 0) && (!((x > 1) || (y > 1))))");
    }

    @Test
    void unaryMinusesAndNotsStack() {
        assertThat(structure("!!- -a > 0")).isEqualTo("(!(!((-(-a)) > 0)))");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "x < 1  | <", "x <= 1 | <=", "x > 1 | >", "x >= 1 | >=", "x == 1 | ==", "x != 1 | !="})
    void everyComparisonOperatorIsRead(String expression, String operator) {
        assertThat(structure(expression)).isEqualTo("(x " + operator + " 1)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "x > 50 | 50", "x > 0.92 | 0.92", "x > .5 | 0.5", "x > 1e-3 | 0.001", "x > 2.5E+2 | 250",
            "x > 7. | 7"})
    void numbersAreReadAsDoubles(String expression, String number) {
        assertThat(structure(expression)).isEqualTo("(x > " + number + ")");
    }

    @Test
    void namesMayContainDotsAndSlashes() {
        GateExpression expression = GateExpression.parse("psi.amount < 0.2 && val/loss <= 0.3 && _x9 > 0");

        assertThat(expression.metricNames()).containsExactly("_x9", "psi.amount", "val/loss");
    }

    @Test
    void divisionNeedsSpacesBecauseSlashesBelongToNames() {
        assertThat(structure("val/loss / 2 < 1")).isEqualTo("((val/loss / 2) < 1)");
    }

    @Test
    void backQuotedNamesTakeAnyCharacters() {
        GateExpression expression = GateExpression.parse("`f1-score` >= 0.8 && `p(95) ms` < 50");

        assertThat(expression.metricNames()).containsExactly("f1-score", "p(95) ms");
    }

    @Test
    void aDoubledBackQuoteInsideBackQuotesIsOneBackQuote() {
        assertThat(GateExpression.parse("`odd``name` > 1").metricNames()).containsExactly("odd`name");
    }

    @Test
    void championPrefixNamesTheChampionsMetric() {
        GateExpression expression = GateExpression.parse(
                "auc >= champion.auc - 0.005 && champion.`f1-score` <= `f1-score` && champion.val/loss > 0");

        assertThat(expression.metricNames()).containsExactly("auc", "f1-score");
        assertThat(expression.championMetricNames()).containsExactly("auc", "f1-score", "val/loss");
        assertThat(expression.readsChampion()).isTrue();
    }

    @Test
    void backQuotedChampionPrefixIsAPlainMetricName() {
        GateExpression expression = GateExpression.parse("`champion.auc` > 0.5");

        assertThat(expression.metricNames()).containsExactly("champion.auc");
        assertThat(expression.championMetricNames()).isEmpty();
    }

    @Test
    void whitespaceIncludingLineBreaksIsIgnored() {
        assertThat(structure("auc\n\t>=   0.9\r\n&&loss<1")).isEqualTo("((auc >= 0.9) && (loss < 1))");
    }

    @Test
    void textIsKeptAsGiven() {
        assertThat(GateExpression.parse("  auc >= 0.9 ").text()).isEqualTo("  auc >= 0.9 ");
    }

    @Test
    void clausesAreTheTopLevelConjunctsIncludingParenthesisedOnes() {
        GateExpression expression = GateExpression.parse("a > 1 && (b > 1 && (c > 1)) && (d > 1 || e > 1)");

        assertThat(expression.clauses()).extracting(expression::source)
                .containsExactly("a > 1", "b > 1", "(c > 1)", "(d > 1 || e > 1)");
    }

    @Test
    void anExpressionWithoutTopLevelAndIsOneClause() {
        GateExpression expression = GateExpression.parse("a > 1 || b > 1 && c > 1");

        assertThat(expression.clauses()).extracting(expression::source).containsExactly("a > 1 || b > 1 && c > 1");
    }

    @Test
    void longFlatChainsParseWithoutDeepRecursion() {
        String expression = "a" + " + a".repeat(2400) + " > 0";

        assertThat(GateExpression.parse(expression).metricNames()).containsExactly("a");
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        String expression = "(".repeat(GateExpression.MAX_DEPTH) + "a > 1" + ")".repeat(GateExpression.MAX_DEPTH);

        assertThat(structure(expression)).isEqualTo("(a > 1)");
    }

    @Test
    void expressionsWithTheSameTextAreEqual() {
        assertThat(GateExpression.parse("auc > 0.9")).isEqualTo(GateExpression.parse("auc > 0.9"))
                .hasSameHashCodeAs(GateExpression.parse("auc > 0.9"));
    }
}

package io.mlopsbridge.gate;

import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Syntax errors name the 1-based column, what was expected and what was found, and show a caret. */
class GateSyntaxErrorTest {

    static Stream<Arguments> malformedExpressions() {
        return Stream.of(
                arguments("auc > 0.9 && && f1 > 0", 14, "expected a number, metric name or '(' but found '&&'"),
                arguments("auc >= && x > 1", 8, "expected a number, metric name or '(' but found '&&'"),
                arguments("auc >=", 7, "expected a number, metric name or '(' but found the end of the expression"),
                arguments("auc > 0.9 &&", 13, "expected a number, metric name or '(' but found the end"),
                arguments("auc > ()", 8, "expected a number, metric name or '(' but found ')'"),
                arguments("(auc > 1", 9, "expected an operator or ')' to close the '(' at column 1 but found the end"),
                arguments("((a > 1) b", 10, "expected an operator or ')' to close the '(' at column 1 but found 'b'"),
                arguments("auc > 1)", 8, "expected an operator or the end of the expression but found ')'"),
                arguments("auc 0.9", 5, "expected an operator or the end of the expression but found '0.9'"),
                arguments("a < b < c", 7, "expected '&&', '||' or the end of the comparison but found '<'"
                        + " (comparisons cannot be chained)"),
                arguments("0 <= a == 1", 8, "comparisons cannot be chained"),
                arguments("auc", 1, "expected a condition such as 'auc >= 0.9' but found the value 'auc'"),
                arguments("auc > 1 && loss", 12, "expected a condition such as 'auc >= 0.9' but found the value 'loss'"),
                arguments("loss || auc > 1", 1, "but found the value 'loss'"),
                arguments("!auc", 2, "expected a condition such as 'auc >= 0.9' but found the value 'auc'"),
                arguments("(a + 1)", 1, "but found the value '(a + 1)'"),
                arguments("(a < b) + 1 > 0", 1, "expected a number or metric but found the condition '(a < b)'"),
                arguments("a > -(b < c)", 6, "expected a number or metric but found the condition '(b < c)'"),
                arguments("a > (b < c)", 5, "expected a number or metric but found the condition '(b < c)'"),
                arguments("auc = 0.9", 5, "expected '==' but found '='"),
                arguments("auc > 1 & f1 > 2", 9, "expected '&&' but found '&'"),
                arguments("auc > 1 | f1 > 2", 9, "expected '||' but found '|'"),
                arguments("auc > 0.9 # why", 11, "expected a number, metric name, operator or parenthesis but found '#'"),
                arguments("auc > 0.9 && größe > 1", 16, "but found 'ö'"),
                arguments("`📈` > 1 && %", 12, "but found '%'"),
                arguments("`f1-score > 0.8", 1, "expected a closing '`' for the name starting here"),
                arguments("`` > 1", 1, "expected a metric name between the back quotes but found '``'"),
                arguments("champion. > 1", 10, "expected a metric name after 'champion.' but found ' '"),
                arguments("auc > 1e", 9, "expected the digits of the exponent of '1e' but found the end"),
                arguments("auc > 2e+x", 10, "expected the digits of the exponent of '2e' but found 'x'"),
                arguments("auc > 1e999", 7, "expected a number within the range of a double but found '1e999'"),
                arguments("auc >\n0.9 &&\n", 14, "found the end of the expression"),
                arguments("a > 1 && b > 1 && c >", 22, "found the end of the expression"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformedExpressions")
    void namesColumnExpectationAndFinding(String expression, int column, String problem) {
        MlopsException error = parseError(expression);

        assertThat(error.kind()).isEqualTo(ErrorKind.INPUT);
        assertThat(error.getMessage()).startsWith("gate expression: column " + column + ": ").contains(problem)
                .doesNotContain("\n");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformedExpressions")
    void hintShowsTheExpressionWithACaretUnderTheColumn(String expression, int column, String problem) {
        String[] hint = parseError(expression).hint().orElseThrow().split("\n");

        assertThat(hint[0]).isEqualTo(expression.replaceAll("\\s", " "));
        assertThat(hint[1]).isEqualTo(" ".repeat(column - 1) + "^");
    }

    @Test
    void hintForTheContractExampleLooksLikeThis() {
        MlopsException error = parseError("auc > 0.9 && && f1 > 0");

        assertThat(error.getMessage())
                .isEqualTo("gate expression: column 14: expected a number, metric name or '(' but found '&&'");
        assertThat(error.hint()).hasValue("auc > 0.9 && && f1 > 0\n             ^");
    }

    @Test
    void chainedComparisonHintSuggestsJoiningWithAnd() {
        assertThat(parseError("0.9 < auc < 1").hint().orElseThrow())
                .endsWith("join two comparisons with '&&', e.g. '0.9 <= auc && auc < 1'");
    }

    @ParameterizedTest(name = "U+{1}")
    @CsvSource({"'auc >=\u00A00.9', 00A0", "'auc\u200B >= 0.9', 200B"})
    void anInvisibleCharacterIsNamedByItsCodePointNotShownAsASpace(String expression, String codePoint) {
        // A no-break space copied from a web page looks like a space, so "found ' '" would not say what is wrong.
        MlopsException error = parseError(expression);

        assertThat(error.getMessage()).endsWith("but found the invisible character U+" + codePoint);
        assertThat(error.hint().orElseThrow()).endsWith("replace it with a plain space, or delete it");
    }

    @Test
    void unknownCharacterHintSuggestsBackQuotes() {
        assertThat(parseError("f1-score > 0.8 && p@k > 1").hint().orElseThrow()).contains("`f1-score`");
    }

    @Test
    void hintOfALongExpressionShowsAWindowAroundTheColumn() {
        String expression = "a > 1 && ".repeat(200) + "b >= = 1" + " && c > 1".repeat(200);

        MlopsException error = parseError(expression);

        String[] hint = error.hint().orElseThrow().split("\n");
        assertThat(hint[0]).startsWith("...").endsWith("...").contains("b >= = 1").hasSizeLessThan(130);
        assertThat(hint[0].charAt(hint[1].length() - 1)).isEqualTo('=');
        assertThat(error.getMessage()).startsWith("gate expression: column " + (200 * 9 + 6) + ": ");
    }

    @Test
    void quotedSnippetsInMessagesAreShortened() {
        String longName = "x".repeat(200);

        assertThat(parseError(longName).getMessage()).hasSizeLessThan(150).contains("'" + "x".repeat(40) + "...'");
    }

    @Test
    void emptyExpressionIsRejected() {
        assertThat(parseError("   ").getMessage())
                .isEqualTo("gate expression: expected a condition such as 'auc >= 0.9' but found an empty expression");
    }

    @Test
    void tooLongExpressionIsRejectedBeforeParsing() {
        String expression = "a > 1 && ".repeat(1200) + "a > 1";

        assertThat(parseError(expression).getMessage())
                .isEqualTo("gate expression: expected at most 10000 characters but found " + expression.length());
    }

    @Test
    void nestingBeyondTheLimitNamesTheColumnOfTheFirstLevelTooDeep() {
        String expression = "(".repeat(101) + "a > 1" + ")".repeat(101);

        assertThat(parseError(expression).getMessage()).isEqualTo(
                "gate expression: column 101: expected at most 100 nested parentheses or prefix operators but found more");
    }

    @Test
    void thousandsOfOpeningParenthesesGiveASyntaxErrorNotAStackOverflow() {
        assertThat(parseError("(".repeat(9_999)).kind()).isEqualTo(ErrorKind.INPUT);
    }

    @Test
    void thousandsOfNotsGiveASyntaxErrorNotAStackOverflow() {
        assertThat(parseError("!".repeat(9_990) + "a > 1").getMessage()).contains("column 101:");
    }

    @Test
    void thousandsOfUnaryMinusesGiveASyntaxErrorNotAStackOverflow() {
        assertThat(parseError("-".repeat(9_990) + "1 > 0").getMessage()).contains("column 101:");
    }

    private static MlopsException parseError(String expression) {
        MlopsException error = catchThrowableOfType(MlopsException.class, () -> GateExpression.parse(expression));
        assertThat(error).as("syntax error for %s", expression).isNotNull();
        return error;
    }
}

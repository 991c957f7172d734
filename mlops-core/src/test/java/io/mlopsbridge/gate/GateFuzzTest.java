package io.mlopsbridge.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.MlopsException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random input, from fixed seeds so any failure reproduces: whatever the text, parsing and evaluating end in a
 * verdict or a clean INPUT error, never another exception.
 */
class GateFuzzTest {
    private static final List<String> TOKENS = List.of(
            "auc", "loss", "val/loss", "psi.amount", "champion.auc", "champion.`f1-score`", "`f1-score`", "champion",
            "0", "0.5", "1e-3", "2", ".5", "1e", "1e999", "(", ")", "+", "-", "*", "/", "<", "<=", ">", ">=", "==",
            "!=", "&&", "||", "!", "&", "|", "=", "`", "``", "champion.", ".", "#", "é", "📈", " ", " ", "\n", "\t");
    private static final List<String> OPERANDS = List.of(
            "auc", "loss", "val/loss", "champion.auc", "`f1-score`", "0", "0.5", "2", "1e-3", "(auc", "!(loss", "-auc");
    private static final List<String> OPERATORS = List.of(
            "+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "&&", "||", ")", "> 0)", "< 1 &&", ">= 0.5 ||");
    private static final List<String> VALID = List.of(
            "auc >= 0.92 && auc >= champion.auc - 0.005 && latency_p95_ms <= 50",
            "!(loss > 0.3) || `f1-score` >= champion.`f1-score` * 1.01",
            "(auc - champion.auc) / champion.auc > -0.01 && val/loss / 2 < 0.2",
            "-psi.amount * 3 + 1e-3 <= 0.25 && !(auc == 0) && (a < b || b < c)",
            "a + b * c - d / e >= -(-f) && x != 1");
    private static final String MUTATION_CHARACTERS = "()+-*/<>=!&|`. 0123456789eEabc_";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void randomTokenSoupEndsInAVerdictOrAnInputError() {
        Random random = new Random(20_260_101L);
        Outcomes outcomes = new Outcomes();
        for (int i = 0; i < 30_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(16);
            boolean operandNext = true;
            for (int t = 0; t < length; t++) {
                // Mostly follow operand/operator alternation so a fair share parses; sometimes pick anything.
                List<String> pool = random.nextInt(12) == 0 ? TOKENS : operandNext ? OPERANDS : OPERATORS;
                String token = pool.get(random.nextInt(pool.size()));
                text.append(token);
                if (OPERANDS.contains(token) || OPERATORS.contains(token)) {
                    operandNext = OPERATORS.contains(token);
                }
                if (random.nextInt(3) > 0) {
                    text.append(' ');
                }
            }
            outcomes.add(checkEndsCleanly(text.toString(), random));
        }
        outcomes.assertAllReached();
    }

    @Test
    void randomMutationsOfValidExpressionsEndInAVerdictOrAnInputError() {
        Random random = new Random(42L);
        Outcomes outcomes = new Outcomes();
        for (int i = 0; i < 30_000; i++) {
            String text = VALID.get(random.nextInt(VALID.size()));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                text = mutate(text, random);
            }
            outcomes.add(checkEndsCleanly(text, random));
        }
        outcomes.assertAllReached();
    }

    @Test
    void hostileShapesEndInAnInputError() {
        List<String> hostile = List.of("(".repeat(10_000), ")".repeat(10_000), "!".repeat(10_000),
                "-".repeat(10_000), "`".repeat(9_999), "a < ".repeat(2_500), "(a > 1 && ".repeat(1_000),
                "1e" + "9".repeat(9_000), "x".repeat(10_001));
        for (String text : hostile) {
            assertThat(checkEndsCleanly(text, new Random(1))).as("outcome of a hostile shape").isEqualTo(Outcome.ERROR);
        }
    }

    @Test
    void aNumberThousandsOfDigitsLongIsStillANumber() {
        GateExpression expression = GateExpression.parse("0." + "0".repeat(9_000) + "1 < a");

        assertThat(Gate.withDefaults().evaluate(expression, Map.of("a", 1e-300), Optional.empty()).passed()).isTrue();
    }

    @Test
    void randomValidExpressionsEvaluateLikeTheReferenceEvaluator() {
        Random random = new Random(3_141_592L);
        Outcomes outcomes = new Outcomes();
        Map<String, Integer> notes = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            GateReference.Expr tree = GateReference.randomCondition(random, 5);
            String text = GateReference.render(tree, random);
            Map<String, Double> metrics = randomMetrics(random, GateReference.NAMES);
            Optional<Map<String, Double>> champion = random.nextInt(4) == 0 ? Optional.empty()
                    : Optional.of(randomMetrics(random, GateReference.NAMES));

            GateVerdict verdict;
            try {
                verdict = Gate.withDefaults().evaluate(GateExpression.parse(text), metrics, champion);
            } catch (RuntimeException e) {
                throw new AssertionError("valid expression rejected: " + text, e);
            }

            List<GateReference.Expr> conjuncts = GateReference.conjuncts(tree);
            assertThat(verdict.clauses()).as("clauses of %s", text).hasSize(conjuncts.size());
            for (int c = 0; c < conjuncts.size(); c++) {
                boolean expected = GateReference.clausePasses(conjuncts.get(c), metrics, champion.orElse(null));
                assertThat(verdict.clauses().get(c).passed())
                        .as("clause %d of %s with %s, champion %s", c, text, metrics, champion).isEqualTo(expected);
                assertThat(verdict.clauses().get(c).values().keySet()).as("values of clause %d of %s", c, text)
                        .isEqualTo(GateReference.valueKeys(conjuncts.get(c), champion.isPresent()));
            }
            assertThat(verdict.passed()).isEqualTo(verdict.clauses().stream().allMatch(GateClause::passed));
            outcomes.add(verdict.passed() ? Outcome.PASSED : Outcome.FAILED);
            verdict.clauses().stream().map(GateClause::note).filter(java.util.Objects::nonNull)
                    .forEach(note -> notes.merge(note.replaceAll("'.*", ""), 1, Integer::sum));
        }
        outcomes.add(Outcome.ERROR, 101);
        outcomes.assertAllReached();
        assertThat(notes).as("notes seen").containsKeys("no champion yet (alias ", "division by zero: ", "NaN in ");
    }

    private enum Outcome { PASSED, FAILED, ERROR }

    /** Guards against a vacuous fuzz: the random inputs must reach every outcome, each a fair number of times. */
    private static final class Outcomes {
        private final Map<Outcome, Integer> counts = new java.util.EnumMap<>(Outcome.class);

        void add(Outcome outcome) {
            add(outcome, 1);
        }

        void add(Outcome outcome, int times) {
            counts.merge(outcome, times, Integer::sum);
        }

        void assertAllReached() {
            for (Outcome outcome : Outcome.values()) {
                assertThat(counts.getOrDefault(outcome, 0)).as("count of %s in %s", outcome, counts)
                        .isGreaterThan(100);
            }
        }
    }

    private static Outcome checkEndsCleanly(String text, Random random) {
        try {
            GateExpression expression = GateExpression.parse(text);
            Map<String, Double> metrics = randomMetrics(random, expression.metricNames());
            Optional<Map<String, Double>> champion = random.nextBoolean() ? Optional.empty()
                    : Optional.of(randomMetrics(random, expression.championMetricNames()));
            GateVerdict verdict = Gate.withDefaults().evaluate(expression, metrics, champion);
            assertThat(verdict.clauses()).isNotEmpty();
            JSON.readTree(verdict.toJson());
            assertThat(verdict.toMarkdown()).isNotEmpty();
            return verdict.passed() ? Outcome.PASSED : Outcome.FAILED;
        } catch (MlopsException e) {
            assertThat(e.kind()).as("kind for %s", text).isEqualTo(ErrorKind.INPUT);
            assertThat(e.getMessage()).as("message for %s", text).startsWith("gate expression: ").doesNotContain("\n");
            assertThat(e.hint()).as("hint for %s", text).isPresent();
            return Outcome.ERROR;
        } catch (Throwable e) {
            throw new AssertionError("unexpected " + e + " for expression: " + escape(text), e);
        }
    }

    private static String mutate(String text, Random random) {
        if (text.isEmpty()) {
            return String.valueOf(MUTATION_CHARACTERS.charAt(random.nextInt(MUTATION_CHARACTERS.length())));
        }
        int at = random.nextInt(text.length());
        switch (random.nextInt(5)) {
            case 0:
                return text.substring(0, at) + text.substring(at + 1);
            case 1:
                return text.substring(0, at) + MUTATION_CHARACTERS.charAt(random.nextInt(MUTATION_CHARACTERS.length()))
                        + text.substring(at);
            case 2:
                return at + 1 < text.length()
                        ? text.substring(0, at) + text.charAt(at + 1) + text.charAt(at) + text.substring(at + 2)
                        : text;
            case 3:
                int end = Math.min(text.length(), at + 1 + random.nextInt(8));
                return text.substring(0, end) + text.substring(at, end) + text.substring(end);
            default:
                return text.substring(0, at);
        }
    }

    /** Values that exercise the edges: zero (division), negatives, NaN, and ordinary metric values. */
    private static Map<String, Double> randomMetrics(Random random, Iterable<String> names) {
        double[] values = {0, 0.5, 1, 2, -1, 3.25, 0.1, Double.NaN, 1e-3};
        Map<String, Double> metrics = new HashMap<>();
        for (String name : names) {
            double value = random.nextInt(25) == 0 ? Double.NaN : values[random.nextInt(values.length - 1)];
            metrics.put(name, value);
        }
        return metrics;
    }

    private static String escape(String text) {
        String shown = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        return shown.replace("\n", "\\n").replace("\t", "\\t");
    }
}

package io.mlopsbridge.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * An independent model of the gate language for tests: random expression trees, rendered to text with only the
 * parentheses precedence requires (plus random extra ones), and evaluated directly on the tree.
 */
final class GateReference {
    static final List<String> NAMES = List.of("auc", "loss", "val/loss", "psi.amount", "f1-score");
    private static final double[] NUMBERS = {0, 0.5, 1, 2, 3.25, 0.001, 100};

    private GateReference() {
    }

    sealed interface Expr {
    }

    record Num(double value) implements Expr {
    }

    record Var(String name, boolean champion) implements Expr {
    }

    record Neg(Expr operand) implements Expr {
    }

    record Arith(char operator, Expr left, Expr right) implements Expr {
    }

    record Compare(String operator, Expr left, Expr right) implements Expr {
    }

    record Not(Expr operand) implements Expr {
    }

    record Logic(boolean and, Expr left, Expr right) implements Expr {
    }

    static Expr randomCondition(Random random, int depth) {
        int choice = depth <= 0 ? 0 : random.nextInt(6);
        switch (choice) {
            case 1: case 2:
                return new Logic(random.nextBoolean(), randomCondition(random, depth - 1),
                        randomCondition(random, depth - 1));
            case 3:
                return new Not(randomCondition(random, depth - 1));
            default:
                String[] operators = {"<", "<=", ">", ">=", "==", "!="};
                return new Compare(operators[random.nextInt(operators.length)], randomValue(random, depth - 1),
                        randomValue(random, depth - 1));
        }
    }

    static Expr randomValue(Random random, int depth) {
        int choice = depth <= 0 ? random.nextInt(2) : random.nextInt(5);
        switch (choice) {
            case 0:
                return new Num(NUMBERS[random.nextInt(NUMBERS.length)]);
            case 1:
                return new Var(NAMES.get(random.nextInt(NAMES.size())), random.nextInt(3) == 0);
            case 2:
                return new Neg(randomValue(random, depth - 1));
            default:
                return new Arith("+-*/".charAt(random.nextInt(4)), randomValue(random, depth - 1),
                        randomValue(random, depth - 1));
        }
    }

    /** Text for {@code expr} with the fewest parentheses precedence needs, plus some random redundant ones. */
    static String render(Expr expr, Random random) {
        return render(expr, 0, random);
    }

    private static String render(Expr expr, int minimumLevel, Random random) {
        String text;
        if (expr instanceof Num num) {
            text = Double.toString(num.value());
        } else if (expr instanceof Var var) {
            String name = var.name().equals("f1-score") ? "`f1-score`" : var.name();
            text = var.champion() ? "champion." + name : name;
        } else if (expr instanceof Neg neg) {
            text = "-" + render(neg.operand(), 7, random);
        } else if (expr instanceof Arith arith) {
            int level = arith.operator() == '+' || arith.operator() == '-' ? 5 : 6;
            text = render(arith.left(), level, random) + space(random) + arith.operator() + space(random)
                    + render(arith.right(), level + 1, random);
        } else if (expr instanceof Compare compare) {
            text = render(compare.left(), 5, random) + space(random) + compare.operator() + space(random)
                    + render(compare.right(), 5, random);
        } else if (expr instanceof Not not) {
            text = "!" + render(not.operand(), 3, random);
        } else {
            Logic logic = (Logic) expr;
            int level = logic.and() ? 2 : 1;
            text = render(logic.left(), level, random) + space(random) + (logic.and() ? "&&" : "||") + space(random)
                    + render(logic.right(), level + 1, random);
        }
        boolean needed = level(expr) < minimumLevel;
        return needed || random.nextInt(12) == 0 ? "(" + text + ")" : text;
    }

    /** Binary operators get at least one space: unspaced {@code a/b} would read as one metric name. */
    private static String space(Random random) {
        String[] spaces = {" ", " ", " ", "  ", "\n", "\t "};
        return spaces[random.nextInt(spaces.length)];
    }

    private static int level(Expr expr) {
        if (expr instanceof Logic logic) {
            return logic.and() ? 2 : 1;
        } else if (expr instanceof Not) {
            return 3;
        } else if (expr instanceof Compare) {
            return 4;
        } else if (expr instanceof Arith arith) {
            return arith.operator() == '+' || arith.operator() == '-' ? 5 : 6;
        } else if (expr instanceof Neg) {
            return 7;
        }
        return 8;
    }

    /** The top-level {@code &&} operands: the clauses of a report. */
    static List<Expr> conjuncts(Expr expr) {
        List<Expr> result = new ArrayList<>();
        if (expr instanceof Logic logic && logic.and()) {
            result.addAll(conjuncts(logic.left()));
            result.addAll(conjuncts(logic.right()));
        } else {
            result.add(expr);
        }
        return result;
    }

    /** The report keys of every metric a clause reads; champion ones only when there is a champion. */
    static Set<String> valueKeys(Expr expr, boolean championPresent) {
        Set<String> keys = new TreeSet<>();
        collectKeys(expr, championPresent, keys);
        return keys;
    }

    private static void collectKeys(Expr expr, boolean championPresent, Set<String> keys) {
        if (expr instanceof Var var) {
            if (!var.champion()) {
                keys.add(var.name());
            } else if (championPresent) {
                keys.add("champion." + var.name());
            }
        } else if (expr instanceof Neg neg) {
            collectKeys(neg.operand(), championPresent, keys);
        } else if (expr instanceof Not not) {
            collectKeys(not.operand(), championPresent, keys);
        } else if (expr instanceof Arith arith) {
            collectKeys(arith.left(), championPresent, keys);
            collectKeys(arith.right(), championPresent, keys);
        } else if (expr instanceof Compare compare) {
            collectKeys(compare.left(), championPresent, keys);
            collectKeys(compare.right(), championPresent, keys);
        } else if (expr instanceof Logic logic) {
            collectKeys(logic.left(), championPresent, keys);
            collectKeys(logic.right(), championPresent, keys);
        }
    }

    /**
     * The specified verdict of one clause: a division by zero anywhere fails it; otherwise a comparison reading a
     * champion metric with no champion is satisfied and a comparison meeting NaN is not, whatever '!' surrounds them.
     */
    static boolean clausePasses(Expr clause, Map<String, Double> metrics, Map<String, Double> champion) {
        Evaluation evaluation = new Evaluation(metrics, champion);
        boolean holds = evaluation.condition(clause, true);
        return holds && !evaluation.divisionByZero;
    }

    private static final class Evaluation {
        private final Map<String, Double> metrics;
        private final Map<String, Double> champion;
        private boolean divisionByZero;

        Evaluation(Map<String, Double> metrics, Map<String, Double> champion) {
            this.metrics = metrics;
            this.champion = champion;
        }

        boolean condition(Expr expr, boolean wanted) {
            if (expr instanceof Not not) {
                return !condition(not.operand(), !wanted);
            } else if (expr instanceof Logic logic) {
                boolean left = condition(logic.left(), wanted);
                boolean right = condition(logic.right(), wanted);
                return logic.and() ? left && right : left || right;
            }
            Compare compare = (Compare) expr;
            if (champion == null && (readsChampion(compare.left()) || readsChampion(compare.right()))) {
                return wanted;
            }
            double left = value(compare.left());
            double right = value(compare.right());
            if (Double.isNaN(left) || Double.isNaN(right)) {
                return !wanted;
            }
            return switch (compare.operator()) {
                case "<" -> left < right;
                case "<=" -> left <= right;
                case ">" -> left > right;
                case ">=" -> left >= right;
                case "==" -> left == right;
                default -> left != right;
            };
        }

        double value(Expr expr) {
            if (expr instanceof Num num) {
                return num.value();
            } else if (expr instanceof Var var) {
                return (var.champion() ? champion : metrics).get(var.name());
            } else if (expr instanceof Neg neg) {
                return -value(neg.operand());
            }
            Arith arith = (Arith) expr;
            double left = value(arith.left());
            double right = value(arith.right());
            switch (arith.operator()) {
                case '+': return left + right;
                case '-': return left - right;
                case '*': return left * right;
                default:
                    if (right == 0) {
                        divisionByZero = true;
                        return Double.NaN;
                    }
                    return left / right;
            }
        }

        private static boolean readsChampion(Expr expr) {
            if (expr instanceof Var var) {
                return var.champion();
            } else if (expr instanceof Neg neg) {
                return readsChampion(neg.operand());
            } else if (expr instanceof Arith arith) {
                return readsChampion(arith.left()) || readsChampion(arith.right());
            }
            return false;
        }
    }
}

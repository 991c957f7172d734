package io.mlopsbridge.gate;

import io.mlopsbridge.core.MlopsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Evaluates {@link GateExpression}s over a model's metrics and, optionally, the champion's.
 * Immutable: {@code Gate.withDefaults().withChampionAlias("production")}.
 *
 * <p>With no champion yet, every comparison that reads a champion metric is satisfied and its clause says so, so the
 * first model can pass. A NaN metric makes its comparisons not satisfied; a division by zero fails its clause.
 */
public final class Gate {
    /** The alias MLflow users conventionally give the model in production. */
    public static final String DEFAULT_CHAMPION_ALIAS = "champion";

    /** Metric names listed in a missing-metric error; runs can log hundreds and the message must stay readable. */
    private static final int MAX_LISTED = 50;

    /** Metric names that need no back quotes in an expression. */
    private static final Pattern BARE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_./]*");

    private final String championAlias;

    private Gate(String championAlias) {
        this.championAlias = championAlias;
    }

    /** A gate whose champion is the version holding alias {@value #DEFAULT_CHAMPION_ALIAS}. */
    public static Gate withDefaults() {
        return new Gate(DEFAULT_CHAMPION_ALIAS);
    }

    /**
     * The same gate recording {@code alias} as the champion's alias in verdicts and reports. Resolving the alias to
     * the champion's metrics is the caller's job.
     */
    public Gate withChampionAlias(String alias) {
        if (alias == null || alias.isBlank()) {
            throw MlopsException.input("champion alias must not be empty", "give an alias such as 'champion'");
        }
        return new Gate(alias);
    }

    public String championAlias() {
        return championAlias;
    }

    /**
     * Evaluates {@code expression}.
     *
     * @param metrics  the model's metrics by name
     * @param champion the champion's metrics, or empty when no version holds the champion alias yet
     * @throws MlopsException of kind INPUT when a metric the expression reads is missing (see {@link #requireMetrics})
     */
    public GateVerdict evaluate(GateExpression expression, Map<String, Double> metrics,
                                Optional<Map<String, Double>> champion) {
        requireMetrics(expression, metrics, champion);
        List<GateClause> clauses = new ArrayList<>();
        for (GateNode clause : expression.clauses()) {
            clauses.add(new ClauseEvaluator(expression, metrics, champion.orElse(null), championAlias)
                    .evaluate(clause));
        }
        boolean passed = clauses.stream().allMatch(GateClause::passed);
        return new GateVerdict(expression.text(), passed, clauses, championAlias, champion.isPresent());
    }

    /**
     * Checks that every metric {@code expression} reads exists, so callers can fail before writing anything.
     *
     * @throws MlopsException of kind INPUT naming the first missing metric (the model's, or the champion's when a
     *                        champion is present) and listing the metrics that do exist
     */
    public static void requireMetrics(GateExpression expression, Map<String, Double> metrics,
                                      Optional<Map<String, Double>> champion) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(champion, "champion");
        List<String> missing = missing(expression.metricNames(), metrics);
        if (!missing.isEmpty()) {
            throw MlopsException.input("gate expression: " + names(missing) + " not found; the model's metrics are: "
                            + listing(metrics),
                    missingMetricHint(metrics));
        }
        if (champion.isPresent()) {
            List<String> championMissing = missing(expression.championMetricNames(), champion.get());
            if (!championMissing.isEmpty()) {
                throw MlopsException.input("gate expression: the champion has no " + names(championMissing)
                                + " (read as " + championKeys(championMissing) + "); the champion's metrics are: "
                                + listing(champion.get()),
                        "compare only metrics the champion also has, or log them with the champion's run");
            }
        }
        requireFinite(expression.metricNames(), metrics, "metric ");
        champion.ifPresent(values -> requireFinite(expression.championMetricNames(), values, "the champion's metric "));
    }

    /**
     * Refuses an infinite value among {@code names}: an overflow or a division by zero in the training script would
     * pass any "metric >= threshold" (as a metrics file, which refuses them too). MLflow's SQL stores keep an infinite
     * value as the largest double, so that reads as infinite as well.
     */
    private static void requireFinite(Iterable<String> names, Map<String, Double> metrics, String whose) {
        for (String name : names) {
            double value = metrics.get(name);
            if (Double.isInfinite(value) || Math.abs(value) == Double.MAX_VALUE) {
                throw MlopsException.input("gate expression: " + whose + "'" + name + "'"
                                + (whose.startsWith("metric") ? "" : " (read as champion." + name + ")")
                                + " is infinite (MLflow stores an infinite value as \u00b1" + Double.MAX_VALUE
                                + "), which no threshold can be compared with",
                        "log the value the evaluation measured; an infinite one is usually an overflow or a division"
                                + " by zero in the script that logged it");
            }
        }
    }

    private static List<String> missing(Iterable<String> names, Map<String, Double> metrics) {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (metrics.get(name) == null) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** Points at back quotes when the model has, say, {@code f1-score}, which unquoted reads as {@code f1 - score}. */
    private static String missingMetricHint(Map<String, Double> metrics) {
        return metrics.keySet().stream().filter(name -> name != null && !BARE_NAME.matcher(name).matches()).sorted()
                .findFirst()
                .map(name -> "put names with other characters in back quotes, e.g. `" + name.replace("`", "``") + "`")
                .orElse("log the metric with the model's run, or fix its name in the expression (names are"
                        + " case-sensitive)");
    }

    /** The names that exist, sorted, cut after {@value #MAX_LISTED} so the message stays one readable line. */
    private static String listing(Map<String, Double> metrics) {
        TreeSet<String> names = new TreeSet<>();
        metrics.forEach((name, value) -> {
            if (name != null && value != null) {
                names.add(name);
            }
        });
        if (names.isEmpty()) {
            return "(none)";
        }
        String shown = names.stream().limit(MAX_LISTED).collect(Collectors.joining(", "));
        return names.size() > MAX_LISTED ? shown + " and " + (names.size() - MAX_LISTED) + " more" : shown;
    }

    private static String names(List<String> missing) {
        return (missing.size() == 1 ? "metric " : "metrics ")
                + missing.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
    }

    private static String championKeys(List<String> missing) {
        return missing.stream().map(name -> "champion." + name).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "Gate[championAlias=" + championAlias + "]";
    }
}

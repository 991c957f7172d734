package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.SMOKE_GATE;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.gate.Gate;
import io.mlopsbridge.gate.GateExpression;
import io.mlopsbridge.gate.GateVerdict;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Judges a smoke test with the gate language over {@link SmokeOutcome#metrics()}. */
public final class SmokeGate implements SmokeJudge {
    private static final SmokeOutcome EVERY_METRIC = new SmokeOutcome(1, 0, 0, 0, 0, List.of());

    /**
     * Parses and checks a smoke gate before anything is deployed: a syntax error or an unknown metric is the
     * user's to fix, and must not cost a rollout and a rollback.
     */
    public static GateExpression check(String gate) {
        GateExpression expression = GateExpression.parse(gate);
        if (expression.readsChampion()) {
            throw MlopsException.input("smoke gate: '" + gate + "' reads champion metrics",
                    "a smoke gate reads only the smoke test's metrics: " + String.join(", ",
                            EVERY_METRIC.metrics().keySet()));
        }
        // Gate's own message speaks of the model's metrics and its run: these are the smoke test's.
        Set<String> measured = new TreeSet<>(EVERY_METRIC.metrics().keySet());
        List<String> unknown = expression.metricNames().stream().filter(name -> !measured.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw MlopsException.input(SMOKE_GATE + ": the smoke test measures no " + String.join(", ", unknown)
                            + "; its metrics are: " + String.join(", ", measured),
                    "fix the metric's name in " + SMOKE_GATE + " (names are case-sensitive)");
        }
        return expression;
    }

    @Override
    public SmokeReport judge(String gate, SmokeOutcome outcome, String endpoint) {
        GateVerdict verdict = Gate.withDefaults().evaluate(check(gate), outcome.metrics(), Optional.empty());
        return new SmokeReport(endpoint, outcome, verdict.passed(), gate, verdict.summary(), verdict.toJson());
    }
}

package io.mlopsbridge.drift;

import static io.mlopsbridge.drift.DriftInputNames.RULE;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.gate.GateExpression;
import java.util.Arrays;
import java.util.List;

/**
 * The metrics a drift rule can read, known from the compared columns before any data is read: the dataset's counts,
 * and per column whether it drifted and each method's score ({@link DriftResult#metrics()}, plus the scores
 * {@link DriftCheck} computes for a rule). Checked up front so that a misspelled rule fails before a long read and
 * before anything is written, not after both.
 */
final class RuleMetrics {
    private static final List<String> DATASET = List.of("drift_share", "drifted_count", "column_count");

    private RuleMetrics() {
    }

    static void require(GateExpression rule, List<String> compared) {
        if (rule.readsChampion()) {
            // A drift check has no champion: Gate would read the missing champion as "no champion yet" and pass.
            throw MlopsException.input(RULE + " '" + rule.text() + "' reads champion metrics",
                    "a drift rule reads only the check's own metrics: " + described(compared));
        }
        for (String name : rule.metricNames()) {
            if (!exists(name, compared)) {
                throw MlopsException.input(RULE + " reads metric '" + name + "', which the check does not have; its "
                                + "metrics are " + described(compared),
                        "names are case-sensitive; put a name with other characters in back quotes, e.g. "
                                + "`psi.loan amount`");
            }
        }
    }

    private static boolean exists(String name, List<String> compared) {
        if (DATASET.contains(name)) {
            return true;
        }
        int dot = name.indexOf('.');
        if (dot < 0) {
            return false;
        }
        String prefix = name.substring(0, dot);
        return compared.contains(name.substring(dot + 1)) && (prefix.equals("drifted") || isMethod(prefix));
    }

    /** Whether {@code id} names a test whose score a rule can read as {@code <id>.<column>}. */
    static boolean isMethod(String id) {
        return methodIds().contains(id);
    }

    private static List<String> methodIds() {
        return Arrays.stream(DriftMethod.values()).filter(m -> m != DriftMethod.AUTO).map(DriftMethod::id).toList();
    }

    private static String described(List<String> compared) {
        return String.join(", ", DATASET) + ", and <method>.<column> and drifted.<column> for the compared columns ("
                + String.join(", ", compared) + "), methods " + String.join(", ", methodIds());
    }
}

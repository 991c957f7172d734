package io.jenkins.plugins.mlops.drift;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * A checkDrift call's arguments as they travel to the agent: workspace-relative paths and plain values only. Kept by
 * running builds: a component added later reads back as null (unset) from a spec saved before it, so each one is an
 * object whose null means the command line's default. {@code columnMethods} and {@code columnThresholds} are the
 * command line's {@code COLUMN=VALUE} entries.
 */
record DriftSpec(String reference, String current, String profile, String method, Double threshold,
                 Double driftShare, List<String> columns, List<String> exclude, String rule, String html,
                 String junit, Long maxBadRows, String delimiter, String quote, List<String> numeric,
                 List<String> categorical, List<String> columnMethods, List<String> columnThresholds,
                 Integer partitions)
        implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Reading a spec saved before a list existed gives null for it: no names, as a step without it gives. */
    DriftSpec {
        numeric = numeric == null ? List.of() : numeric;
        categorical = categorical == null ? List.of() : categorical;
        columnMethods = columnMethods == null ? List.of() : columnMethods;
        columnThresholds = columnThresholds == null ? List.of() : columnThresholds;
    }
}

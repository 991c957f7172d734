package io.jenkins.plugins.mlops.drift;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * A checkDrift call's arguments as they travel to the agent: workspace-relative paths and plain values only. Kept by
 * running builds: a component added later reads back as null (unset) from a spec saved before it, so each one is an
 * object whose null means the command line's default. {@code columnMethods} and {@code columnThresholds} are the
 * command line's {@code COLUMN=VALUE} entries. {@code profileForController} is true when {@code profile} is a scratch
 * file the controller takes back to keep with a model version in MLflow (so the agent does not announce it as saved).
 * {@code json} is written by the controller, not the agent; the agent only checks that no output is an input or
 * another output before it reads.
 */
record DriftSpec(String reference, String current, String profile, String method, Double threshold,
                 Double driftShare, List<String> columns, List<String> exclude, String rule, String html,
                 String junit, Long maxBadRows, String delimiter, String quote, List<String> numeric,
                 List<String> categorical, List<String> columnMethods, List<String> columnThresholds,
                 Integer partitions, Boolean profileForController, String json)
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

    /**
     * This spec reading {@code reference} and writing the profile to {@code profile} instead, workspace-relative
     * files that stand in for model versions in MLflow.
     */
    DriftSpec withFiles(String reference, String profile, boolean profileForController) {
        return new DriftSpec(reference, current, profile, method, threshold, driftShare, columns, exclude, rule, html,
                junit, maxBadRows, delimiter, quote, numeric, categorical, columnMethods, columnThresholds, partitions,
                profileForController, json);
    }
}

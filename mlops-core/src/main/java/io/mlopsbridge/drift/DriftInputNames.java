package io.mlopsbridge.drift;

import io.mlopsbridge.core.InputName;

/**
 * The inputs of a drift check as messages name them: the {@code checkDrift} step's parameter and the {@code mlops
 * drift} option.
 */
public final class DriftInputNames {
    public static final InputName REFERENCE = InputName.of("reference");
    public static final InputName CURRENT = InputName.of("current");
    public static final InputName PROFILE = InputName.of("profile", "--profile-out");
    public static final InputName METHOD = InputName.of("method");
    public static final InputName THRESHOLD = InputName.of("threshold");
    public static final InputName DRIFT_SHARE = InputName.of("driftShare");
    public static final InputName COLUMNS = InputName.of("columns");
    public static final InputName EXCLUDE = InputName.of("exclude");
    public static final InputName RULE = InputName.of("rule");
    public static final InputName HTML = InputName.of("html");
    public static final InputName JSON = InputName.of("json");
    public static final InputName JUNIT = InputName.of("junit");
    public static final InputName MODEL = InputName.of("model");
    public static final InputName COOLDOWN = InputName.of("cooldown");
    public static final InputName COLUMN_METHOD = InputName.of("columnMethod");
    public static final InputName COLUMN_THRESHOLD = InputName.of("columnThreshold");
    public static final InputName NUMERIC = InputName.of("numeric");
    public static final InputName CATEGORICAL = InputName.of("categorical");
    public static final InputName MAX_BAD_ROWS = InputName.of("maxBadRows");
    public static final InputName DELIMITER = InputName.of("delimiter");
    public static final InputName QUOTE = InputName.of("quote");
    public static final InputName PARTITIONS = InputName.of("partitions");

    private DriftInputNames() {
    }
}

package io.mlopsbridge.kfp;

/** {@code ParameterType.ParameterTypeEnum} of the pipeline IR: the JSON type each runtime parameter must have. */
public enum ParameterType {
    NUMBER_DOUBLE("a number"),
    /** KFP keeps integers within JavaScript's safe range (±(2^53 − 1)); larger ones must be strings. */
    NUMBER_INTEGER("an integer"),
    STRING("a string"),
    BOOLEAN("true or false"),
    LIST("a JSON list, e.g. [1, 2]"),
    STRUCT("a JSON object, e.g. {\"k\": 1}"),
    /** Injected by KFP for exit handlers; never set by users. */
    TASK_FINAL_STATUS("(set by KFP)"),
    /** Injected by KFP; never set by users. */
    TASK_CONFIG("(set by KFP)");

    private final String expected;

    ParameterType(String expected) {
        this.expected = expected;
    }

    /** How an error message says what value is expected. */
    public String expected() {
        return expected;
    }

    boolean systemProvided() {
        return this == TASK_FINAL_STATUS || this == TASK_CONFIG;
    }
}

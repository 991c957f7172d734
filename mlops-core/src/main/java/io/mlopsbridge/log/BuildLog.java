package io.mlopsbridge.log;

/**
 * Where an operation reports what it does. The CLI prints to the terminal; the Jenkins adapter writes to the
 * build's {@code TaskListener}. Engine code receives a log that is already wrapped by {@link MaskingBuildLog},
 * so secrets are masked in one place whatever the front end.
 */
public interface BuildLog {
    /** A progress or result line for the user. */
    void info(String line);

    /** Something the user should look at that does not stop the operation. */
    void warn(String line);

    /**
     * A line the user's own program wrote (a training script's output), shown as written: a front end that escapes
     * control characters in lines naming data (a CSV header's column names) leaves the program's colours alone.
     */
    default void relay(String line) {
        info(line);
    }

    /** A log that drops everything, for callers that do not want output. */
    static BuildLog silent() {
        return new BuildLog() {
            @Override
            public void info(String line) {
            }

            @Override
            public void warn(String line) {
            }
        };
    }
}

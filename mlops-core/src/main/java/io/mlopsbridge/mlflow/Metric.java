package io.mlopsbridge.mlflow;

/** One metric value; {@code timestamp} is milliseconds since the epoch. */
public record Metric(String key, double value, long timestamp, long step) {

    /** A value logged now at step 0. */
    public static Metric of(String key, double value) {
        return new Metric(key, value, System.currentTimeMillis(), 0);
    }
}

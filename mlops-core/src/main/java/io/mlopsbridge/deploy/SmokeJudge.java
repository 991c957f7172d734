package io.mlopsbridge.deploy;

/** Turns a smoke test's measurements into a verdict with the gate language. */
@FunctionalInterface
public interface SmokeJudge {
    /**
     * @param gate    the gate expression text
     * @param outcome what the smoke test measured
     * @param endpoint the base URL that was tested
     */
    SmokeReport judge(String gate, SmokeOutcome outcome, String endpoint);
}

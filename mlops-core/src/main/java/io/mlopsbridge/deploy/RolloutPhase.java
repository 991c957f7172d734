package io.mlopsbridge.deploy;

/** Where a rollout stands. Recorded in the rollout record after every step, so any process can continue it. */
public enum RolloutPhase {
    /** The new spec is written; waiting for it to become ready, then smoke-testing it. */
    ROLLING_OUT(false),
    /** A healthy canary is being given all traffic; waiting for the promoted spec to be ready. */
    PROMOTING(false),
    /**
     * A failed canary's traffic went back to the previous revision ({@code canaryTrafficPercent: 0} with the
     * previous model); waiting for that revision before the exact previous spec is written, so that the failed
     * canary never gets all traffic in between.
     */
    PINNING_PREVIOUS(false),
    /** The previous spec is written back (or the new objects deleted); waiting for it to be ready again. */
    ROLLING_BACK(false),
    /** Deployed, ready, smoke test passed. */
    SUCCEEDED(true),
    /** Failed and put back as it was. */
    ROLLED_BACK(true);

    private final boolean terminal;

    RolloutPhase(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean terminal() {
        return terminal;
    }
}

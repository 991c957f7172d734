package io.mlopsbridge.deploy;

/** What {@link DeployModel#submit} did: finished already, or started a cluster rollout to poll. */
public sealed interface DeploySubmission {

    /** A dry run, or the {@code local} target (which serves, checks and stops within the submit). */
    record Finished(DeployResult result) implements DeploySubmission {
    }

    /** A cluster rollout is under way: poll it with {@link DeployModel#operation}, then {@link DeployModel#complete}. */
    record Pending(DeployHandle handle) implements DeploySubmission {
    }
}

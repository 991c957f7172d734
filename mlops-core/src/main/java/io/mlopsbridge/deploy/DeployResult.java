package io.mlopsbridge.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mlopsbridge.registry.AliasMove;
import java.io.Serial;
import java.io.Serializable;

/**
 * What a deployment did. Serializable (with its rollout and alias move) because the Jenkins plugin's {@code local}
 * target deploys on an agent and sends this result back over the remoting channel.
 *
 * @param modelName      registered model name
 * @param version        the version deployed
 * @param releaseVersion the release version it was deployed as
 * @param rollout        how the rollout ended; null for a dry run
 * @param aliasMove      the promote alias's move, or null when none was asked for or the rollout failed
 * @param manifests      the manifests applied, or printed by a dry run (YAML), or null for the local target
 * @param dryRun         nothing was applied
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeployResult(String modelName, String version, String releaseVersion, RolloutResult rollout,
                           AliasMove aliasMove, String manifests, boolean dryRun) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** True when the version serves: a dry run, or a rollout that succeeded. */
    public boolean succeeded() {
        return dryRun || (rollout != null && rollout.succeeded());
    }

    /** True when the rollout was rolled back because the smoke test's gate failed (a verdict, not an error). */
    public boolean smokeGateFailed() {
        return rollout != null && rollout.smoke() != null && !rollout.smoke().passed();
    }
}

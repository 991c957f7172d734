package io.mlopsbridge.deploy;

import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.wait.SubmittedWork;
import io.mlopsbridge.wait.WaitHandle;
import io.mlopsbridge.wait.WaitPolicy;
import java.io.Serial;
import java.util.Objects;

/**
 * A cluster rollout under way: everything needed to poll it, complete it (the registry follow-up) or abort it
 * from another process after a restart. The rollout's own state lives in its record in the cluster; this holds the
 * registry side. No secrets: clients are rebuilt by whoever resumes.
 *
 * @param rolloutId      the rollout's operation id ({@code namespace/name/id})
 * @param namespace      namespace of the serving objects
 * @param target         KServe or Kubernetes
 * @param modelName      registered model
 * @param version        the version rolled out
 * @param releaseVersion the release it is deployed as, or null
 * @param promoteAlias   the alias to move on success, or null
 * @param build          the build that deploys
 * @param manifests      the manifests applied (YAML), for the result
 * @param aliasBefore    the alias's holders before the deployment, to restore on abort; null without an alias
 * @param waitHandle     where the wait stands (not {@code wait}: that name is final on Object)
 * @param policy         how to keep polling
 */
public record DeployHandle(String rolloutId, String namespace, DeployTarget target, String modelName, String version,
                           String releaseVersion, String promoteAlias, BuildInfo build, String manifests,
                           AliasHolders aliasBefore, WaitHandle waitHandle, WaitPolicy policy)
        implements SubmittedWork<DeployHandle> {
    @Serial
    private static final long serialVersionUID = 1L;

    public DeployHandle {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(waitHandle, "waitHandle");
        Objects.requireNonNull(policy, "policy");
    }

    /** The same rollout after one more poll. */
    @Override
    public DeployHandle withWait(WaitHandle next) {
        return new DeployHandle(rolloutId, namespace, target, modelName, version, releaseVersion, promoteAlias, build,
                manifests, aliasBefore, next, policy);
    }
}

package io.mlopsbridge.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serial;
import java.io.Serializable;

/**
 * How a rollout ended, for the build log, the CLI's {@code --json} and the registry tags.
 *
 * @param rolloutId      the rollout's id
 * @param target         what was deployed
 * @param namespace      namespace of the serving objects
 * @param name           name of the serving objects
 * @param outcome        {@link RolloutPhase#SUCCEEDED} or {@link RolloutPhase#ROLLED_BACK}
 * @param endpoint       the endpoint serving the version, or null
 * @param failure        why it was rolled back, or null
 * @param rollbackNote   how the rollback ended, or null
 * @param smoke          the smoke test's report, or null
 * @param canaryPercent  the canary share used before promotion, or null
 * @param deploymentMode KServe's mode, or null
 * @param modelName      the MLflow model
 * @param modelVersion   the MLflow model version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutResult(String rolloutId, DeployTarget target, String namespace, String name,
                            RolloutPhase outcome, String endpoint, String failure, String rollbackNote,
                            SmokeReport smoke, Integer canaryPercent, DeploymentMode deploymentMode,
                            String modelName, String modelVersion) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    static RolloutResult of(RolloutRecord record) {
        return new RolloutResult(record.id(), record.target(), record.namespace(), record.name(), record.phase(),
                record.endpoint(), record.failure(), record.rollbackNote(), record.smokeReport(),
                record.canaryPercent(), record.deploymentMode(), record.modelName(), record.modelVersion());
    }

    public boolean succeeded() {
        return outcome == RolloutPhase.SUCCEEDED;
    }
}

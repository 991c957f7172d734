package io.mlopsbridge.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.mlflow.MlflowClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Tags written on a model version after it was deployed, so that "which version served where, when, from which
 * build and release" can be answered from MLflow alone. The flat {@code mlops.deployed_*} tags describe the latest
 * deployment of the version; {@code mlops.deployment.<target>.<namespace>.<name>} keeps one JSON record per place,
 * so a version deployed to staging and then to production keeps both. A {@code local} deployment is a CI check,
 * not production, and is recorded under {@code mlops.local_check} instead.
 */
public final class DeploymentTags {
    public static final String DEPLOYED_TO = "mlops.deployed_to";
    public static final String DEPLOYED_AT = "mlops.deployed_at";
    public static final String DEPLOYED_BUILD = "mlops.deployed_build";
    public static final String DEPLOYED_RELEASE = "mlops.deployed_release";
    public static final String DEPLOYED_ENDPOINT = "mlops.deployed_endpoint";
    public static final String PLACE_PREFIX = "mlops.deployment.";
    public static final String LOCAL_CHECK = "mlops.local_check";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeploymentTags() {
    }

    /** {@code kserve models/fraud-detector}: target, namespace and name. */
    public static String place(RolloutResult rollout) {
        return rollout.target().id() + " " + rollout.namespace() + "/" + rollout.name();
    }

    public static String placeKey(RolloutResult rollout) {
        return PLACE_PREFIX + rollout.target().id() + "." + rollout.namespace() + "." + rollout.name();
    }

    static void write(MlflowClient mlflow, String name, String version, RolloutResult rollout, String release,
                      BuildInfo build, Instant at) {
        String when = at.truncatedTo(ChronoUnit.SECONDS).toString();
        String buildRef = build.buildUrl() != null ? build.buildUrl() : build.buildKey().orElse(null);
        ObjectNode record = JSON.createObjectNode();
        record.put("at", when);
        record.put("release", release);
        if (buildRef != null) {
            record.put("build", buildRef);
        }
        if (rollout.endpoint() != null) {
            record.put("endpoint", rollout.endpoint());
        }
        record.put("rollout", rollout.rolloutId());
        if (rollout.target() == DeployTarget.LOCAL) {
            if (rollout.smoke() != null) {
                record.put("smoke", rollout.smoke().summary());
            }
            mlflow.setModelVersionTag(name, version, LOCAL_CHECK, record.toString());
            return;
        }
        mlflow.setModelVersionTag(name, version, placeKey(rollout), record.toString());
        mlflow.setModelVersionTag(name, version, DEPLOYED_TO, place(rollout));
        mlflow.setModelVersionTag(name, version, DEPLOYED_AT, when);
        mlflow.setModelVersionTag(name, version, DEPLOYED_RELEASE, release);
        if (buildRef != null) {
            mlflow.setModelVersionTag(name, version, DEPLOYED_BUILD, buildRef);
        }
        if (rollout.endpoint() != null) {
            mlflow.setModelVersionTag(name, version, DEPLOYED_ENDPOINT, rollout.endpoint());
        }
    }
}

package io.mlopsbridge.deploy;

import io.mlopsbridge.lineage.BuildInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One deployment: which model version, where, how it is checked and which alias follows it. Build it with
 * {@link #builder}; unset options take the defaults named on each builder method.
 *
 * @param modelName            registered model name
 * @param version              the version to deploy, or null to take the one holding {@code alias}
 * @param alias                alias naming the version when {@code version} is null (e.g. {@code candidate})
 * @param target               where to serve it
 * @param namespace            Kubernetes namespace, or null for the access's default
 * @param serviceName          name of the serving objects, or null to derive it from the model name
 * @param canaryPercent        KServe canary share (1..99), or null for a full rollout
 * @param smokeFile            smoke requests file, or null for no smoke test
 * @param smokeGate            gate over the smoke metrics, or null for {@value SmokePlan#DEFAULT_GATE}
 * @param smokeEndpoint        base URL to smoke-test instead of the reported one, or null
 * @param promoteAlias         alias to move to the version on success (e.g. {@code champion}), or null
 * @param timeout              readiness and smoke test budget
 * @param dryRun               print the manifests, apply nothing
 * @param storageUri           KServe storageUri to use instead of the registry's location, or null
 * @param artifactsDestination the tracking server's {@code --artifacts-destination}, or null
 * @param deploymentMode       KServe mode to pin, or null to detect it
 * @param serving              resources, service account and pod settings
 * @param releaseVersion       release version shared with the code, or null to derive it from the build
 * @param build                the build that deploys
 */
public record DeployRequest(String modelName, String version, String alias, DeployTarget target, String namespace,
                            String serviceName, Integer canaryPercent, Path smokeFile, String smokeGate,
                            String smokeEndpoint, String promoteAlias, Duration timeout, boolean dryRun,
                            String storageUri, String artifactsDestination, DeploymentMode deploymentMode,
                            ServingOptions serving, String releaseVersion, BuildInfo build) {
    public DeployRequest {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(serving, "serving");
        Objects.requireNonNull(build, "build");
    }

    /**
     * Pod settings.
     *
     * @param resources          CPU and memory per replica
     * @param serviceAccount     service account of the serving pods (KServe: the one holding the bucket secret)
     * @param image              image for the {@code kubernetes} target
     * @param imageServesModel   the image serves its model itself ({@code mlflow models build-docker})
     * @param replicas           replicas for the {@code kubernetes} target
     * @param envSecret          Secret exposed as environment to the {@code kubernetes} target's pods, or null
     * @param clusterTrackingUri tracking URI as pods reach it, or null for the one this process uses
     */
    public record ServingOptions(ServingResources resources, String serviceAccount, String image,
                                 boolean imageServesModel, int replicas, String envSecret, String clusterTrackingUri) {
        public static ServingOptions defaults() {
            return new ServingOptions(ServingResources.defaults(), null, null, false, 1, null, null);
        }
    }

    public static Builder builder(String modelName, DeployTarget target) {
        return new Builder(modelName, target);
    }

    /** Collects options; every method returns the builder. */
    public static final class Builder {
        private final String modelName;
        private final DeployTarget target;
        private String version;
        private String alias;
        private String namespace;
        private String serviceName;
        private Integer canaryPercent;
        private Path smokeFile;
        private String smokeGate;
        private String smokeEndpoint;
        private String promoteAlias;
        private Duration timeout = RolloutPlan.DEFAULT_TIMEOUT;
        private boolean dryRun;
        private String storageUri;
        private String artifactsDestination;
        private DeploymentMode deploymentMode;
        private ServingOptions serving = ServingOptions.defaults();
        private String releaseVersion;
        private BuildInfo build = BuildInfo.none();

        private Builder(String modelName, DeployTarget target) {
            this.modelName = modelName;
            this.target = target;
        }

        public Builder version(String value) {
            version = value;
            return this;
        }

        public Builder alias(String value) {
            alias = value;
            return this;
        }

        public Builder namespace(String value) {
            namespace = value;
            return this;
        }

        public Builder serviceName(String value) {
            serviceName = value;
            return this;
        }

        public Builder canary(Integer percent) {
            canaryPercent = percent;
            return this;
        }

        /** Smoke test from {@code file}, judged by {@code gate} (null: {@value SmokePlan#DEFAULT_GATE}). */
        public Builder smoke(Path file, String gate, String endpoint) {
            smokeFile = file;
            smokeGate = gate;
            smokeEndpoint = endpoint;
            return this;
        }

        public Builder promoteAlias(String value) {
            promoteAlias = value;
            return this;
        }

        /** Default {@link RolloutPlan#DEFAULT_TIMEOUT}. */
        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        public Builder dryRun(boolean value) {
            dryRun = value;
            return this;
        }

        public Builder storageUri(String value) {
            storageUri = value;
            return this;
        }

        public Builder artifactsDestination(String value) {
            artifactsDestination = value;
            return this;
        }

        public Builder deploymentMode(DeploymentMode value) {
            deploymentMode = value;
            return this;
        }

        public Builder serving(ServingOptions value) {
            serving = value;
            return this;
        }

        public Builder release(String value) {
            releaseVersion = value;
            return this;
        }

        public Builder build(BuildInfo value) {
            build = value;
            return this;
        }

        public DeployRequest done() {
            return new DeployRequest(modelName, version, alias, target, namespace, serviceName, canaryPercent,
                    smokeFile, smokeGate, smokeEndpoint, promoteAlias, timeout, dryRun, storageUri,
                    artifactsDestination, deploymentMode, serving, releaseVersion, build);
        }
    }
}

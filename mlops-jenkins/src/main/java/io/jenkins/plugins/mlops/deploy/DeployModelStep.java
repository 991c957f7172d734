package io.jenkins.plugins.mlops.deploy;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.mlops.RemoteWorkStep;
import io.jenkins.plugins.mlops.MlflowStepDescriptor;
import io.jenkins.plugins.mlops.StepArguments;
import io.jenkins.plugins.mlops.config.JobForms;
import io.mlopsbridge.core.InputName;
import io.mlopsbridge.deploy.DeployInputNames;
import io.mlopsbridge.deploy.DeployInputs;
import io.mlopsbridge.deploy.DeployTarget;
import io.mlopsbridge.deploy.DeploymentMode;
import io.mlopsbridge.deploy.KubernetesNames;
import io.mlopsbridge.deploy.ServingResources;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code deployModel(model: 'fraud', alias: 'candidate', target: 'kserve', canary: 10, smoke: 'smoke.json',
 * promoteAlias: 'champion')}: the CLI's {@code mlops deploy}, with the rollout waited for durably (restart-safe);
 * aborting the build rolls the cluster back and puts the alias back. {@code target: 'local'} serves the model on
 * the build's agent (see {@link LocalDeployExecution}). Returns the CLI's {@code --json} result.
 */
public final class DeployModelStep extends RemoteWorkStep {
    private final String model;
    private String version;
    private String alias;
    private String target = "kserve";
    private String namespace;
    private String serviceName;
    private Integer canary;
    private String smoke;
    private String smokeGate;
    private String smokeEndpoint;
    private String promoteAlias;
    private boolean dryRun;
    private String timeout;
    private String storageUri;
    private String artifactsDestination;
    private String deploymentMode;
    private String image;
    /** The form's advised and the binding's enforced upper bound of replicas. */
    static final int MAX_REPLICAS = 1000;

    private int replicas = 1;
    private String cpu;
    private String memory;
    private boolean imageServesModel;
    private String envSecret;
    private String clusterTrackingUri;
    private String kubeconfigCredentialsId;
    private String kubernetesServerUrl;
    private String kubernetesCredentialsId;
    private String mlflowBin;

    @DataBoundConstructor
    public DeployModelStep(String model) {
        this.model = StepArguments.required(model, "model", "deployModel(model: 'fraud-detector', alias: 'candidate')");
    }

    @Override
    public StepExecution start(StepContext context) {
        DeploySpec spec = spec();
        // A cluster rollout is waited for durably; a local model server lives on the agent for the step's length.
        return spec.local() ? new LocalDeployExecution(context, spec) : new DeployExecution(context, spec);
    }

    /** The arguments as the run keeps them; a version and an alias together (or neither) are refused here. */
    DeploySpec spec() {
        if ((version == null) == (alias == null)) {
            throw new IllegalArgumentException("give either version or alias, e.g. deployModel(model: '" + model
                    + "', alias: 'candidate')");
        }
        return new DeploySpec(model, version, alias, target, namespace, serviceName, canary, smoke, smokeGate,
                smokeEndpoint, promoteAlias, dryRun, timeout, storageUri, artifactsDestination, deploymentMode,
                getServiceAccount(), image, imageServesModel, replicas, cpu, memory, envSecret, clusterTrackingUri,
                getReleaseVersion(), getPollInterval(), kubeconfigCredentialsId, kubernetesServerUrl,
                kubernetesCredentialsId, mlflowBin, getMlflowUrl(), getMlflowCredentialsId());
    }

    public String getModel() {
        return model;
    }

    /** The version to deploy (or alias:). */
    public String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = StepArguments.optional(version);
    }

    /** Deploy the version holding this alias (or version:). */
    public String getAlias() {
        return alias;
    }

    @DataBoundSetter
    public void setAlias(String alias) {
        this.alias = StepArguments.optional(alias);
    }

    /** {@code kserve} (default), {@code kubernetes} or {@code local}. */
    public String getTarget() {
        return target;
    }

    @DataBoundSetter
    public void setTarget(String target) {
        String value = StepArguments.optional(target);
        this.target = value == null ? "kserve" : StepArguments.checked(() -> DeployTarget.parse(value).id());
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = StepArguments.optional(namespace);
    }

    public String getServiceName() {
        return serviceName;
    }

    @DataBoundSetter
    public void setServiceName(String serviceName) {
        this.serviceName = StepArguments.optional(serviceName);
    }

    /** KServe canary share in percent (1..99); a full rollout without it. */
    public Integer getCanary() {
        return canary;
    }

    @DataBoundSetter
    public void setCanary(Integer canary) {
        if (canary != null && (canary < 1 || canary > 99)) {
            throw new IllegalArgumentException("canary must be a percentage from 1 to 99, got " + canary);
        }
        this.canary = canary;
    }

    /** Smoke requests file in the workspace. */
    public String getSmoke() {
        return smoke;
    }

    @DataBoundSetter
    public void setSmoke(String smoke) {
        this.smoke = StepArguments.optional(smoke);
    }

    public String getSmokeGate() {
        return smokeGate;
    }

    @DataBoundSetter
    public void setSmokeGate(String smokeGate) {
        this.smokeGate = StepArguments.optional(smokeGate);
    }

    public String getSmokeEndpoint() {
        return smokeEndpoint;
    }

    @DataBoundSetter
    public void setSmokeEndpoint(String smokeEndpoint) {
        this.smokeEndpoint = checkedSmokeEndpoint(smokeEndpoint);
    }

    /** Alias moved to the version on success (e.g. {@code champion}). */
    public String getPromoteAlias() {
        return promoteAlias;
    }

    @DataBoundSetter
    public void setPromoteAlias(String promoteAlias) {
        this.promoteAlias = StepArguments.optional(promoteAlias);
    }

    /** Print the manifests, apply nothing. */
    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /** Readiness and smoke test budget (default 10m). */
    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = StepArguments.duration(timeout, "timeout", "timeout: '10m'");
    }

    public String getStorageUri() {
        return storageUri;
    }

    @DataBoundSetter
    public void setStorageUri(String storageUri) {
        this.storageUri = checkedStorageUri(storageUri);
    }

    public String getArtifactsDestination() {
        return artifactsDestination;
    }

    @DataBoundSetter
    public void setArtifactsDestination(String artifactsDestination) {
        this.artifactsDestination = StepArguments.optional(artifactsDestination);
    }

    /**
     * The KServe deployment mode to pin, {@code knative} or {@code standard} (KServe's {@code Serverless} and
     * {@code RawDeployment} are read as these); null to detect it from the cluster.
     */
    public String getDeploymentMode() {
        return deploymentMode;
    }

    @DataBoundSetter
    public void setDeploymentMode(String deploymentMode) {
        this.deploymentMode = StepArguments.checked(
                () -> DeploymentMode.requested(deploymentMode).map(DeploymentMode::id).orElse(null));
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = checkedImage(image);
    }

    // The engine's checks of these values, run as the step is bound: a refused value fails the call with the line the
    // run would fail with, before the step starts rather than once the deployment runs, and a job's configuration
    // page is not saved with it; a credential in it is not repeated. Binding cannot unrecord a Jenkinsfile's text:
    // Pipeline keeps a call's arguments on its flow node before it binds the step. The run checks them again, for
    // values set otherwise (a config.xml read without the setters).

    static String checkedSmokeEndpoint(String smokeEndpoint) {
        return StepArguments.checkedText(null, smokeEndpoint, DeployInputs::requireSmokeEndpoint);
    }

    static String checkedStorageUri(String storageUri) {
        return StepArguments.checkedText(null, storageUri, DeployInputs::requireStorageUri);
    }

    static String checkedImage(String image) {
        return StepArguments.checkedText(null, image, DeployInputs::requireImage);
    }

    public int getReplicas() {
        return replicas;
    }

    @DataBoundSetter
    public void setReplicas(int replicas) {
        this.replicas = (int) StepArguments.inRange(replicas, 1, MAX_REPLICAS, "replicas", "replicas: 2");
    }

    /** CPU request and limit of each serving pod, {@code REQ[:LIMIT]}; null for the command line's 100m:1. */
    public String getCpu() {
        return cpu;
    }

    @DataBoundSetter
    public void setCpu(String cpu) {
        this.cpu = checkedCpu(cpu);
    }

    /** Memory request and limit of each serving pod, {@code REQ[:LIMIT]}; null for the command line's 512Mi:1Gi. */
    public String getMemory() {
        return memory;
    }

    @DataBoundSetter
    public void setMemory(String memory) {
        this.memory = checkedMemory(memory);
    }

    /**
     * {@code kubernetes} target: the image serves its model itself ({@code mlflow models build-docker}), so the
     * container keeps the image's own command instead of running {@code mlflow models serve}.
     */
    public boolean isImageServesModel() {
        return imageServesModel;
    }

    @DataBoundSetter
    public void setImageServesModel(boolean imageServesModel) {
        this.imageServesModel = imageServesModel;
    }

    /**
     * {@code kubernetes} target: the name of a Secret in the namespace whose keys become the pods' environment
     * (MLflow and bucket credentials), never a secret value.
     */
    public String getEnvSecret() {
        return envSecret;
    }

    @DataBoundSetter
    public void setEnvSecret(String envSecret) {
        this.envSecret = checkedEnvSecret(envSecret);
    }

    /** The engine's check of a Secret's name (as the API server validates it), at binding; null when absent. */
    static String checkedEnvSecret(String envSecret) {
        return StepArguments.checkedText(DeployInputNames.ENV_SECRET.parameter(), envSecret,
                value -> KubernetesNames.requireObjectName("secret", value, DeployInputNames.ENV_SECRET));
    }

    /** {@code kubernetes} target: the tracking server as the pods reach it; null for the step's MLflow URL. */
    public String getClusterTrackingUri() {
        return clusterTrackingUri;
    }

    @DataBoundSetter
    public void setClusterTrackingUri(String clusterTrackingUri) {
        this.clusterTrackingUri = StepArguments.optional(clusterTrackingUri);
    }

    static String checkedCpu(String cpu) {
        return servingResource(DeployInputNames.CPU, cpu, value -> ServingResources.parse(value, null));
    }

    static String checkedMemory(String memory) {
        return servingResource(DeployInputNames.MEMORY, memory, value -> ServingResources.parse(null, value));
    }

    /**
     * A {@code REQ[:LIMIT]} put through the engine's parser and its request-within-limit check at binding, the
     * other resource at its default, so a typo fails the call naming the parameter instead of the rollout later;
     * null when absent. The request is built from the text with the same parser {@code mlops deploy} uses.
     */
    private static String servingResource(InputName parameter, String text,
                                          Function<String, ServingResources> parse) {
        return StepArguments.checkedText(parameter.parameter(), text,
                value -> parse.apply(value).requireRequestsWithinLimits());
    }

    public String getKubeconfigCredentialsId() {
        return kubeconfigCredentialsId;
    }

    @DataBoundSetter
    public void setKubeconfigCredentialsId(String kubeconfigCredentialsId) {
        this.kubeconfigCredentialsId = StepArguments.optional(kubeconfigCredentialsId);
    }

    public String getKubernetesServerUrl() {
        return kubernetesServerUrl;
    }

    @DataBoundSetter
    public void setKubernetesServerUrl(String kubernetesServerUrl) {
        this.kubernetesServerUrl = StepArguments.optional(kubernetesServerUrl);
    }

    public String getKubernetesCredentialsId() {
        return kubernetesCredentialsId;
    }

    @DataBoundSetter
    public void setKubernetesCredentialsId(String kubernetesCredentialsId) {
        this.kubernetesCredentialsId = StepArguments.optional(kubernetesCredentialsId);
    }

    /**
     * The {@code local} target's {@code mlflow} executable on the agent (default: the build's
     * {@code MLOPS_MLFLOW_BIN}, the workspace's {@code .venv/bin/mlflow}, else {@code mlflow} on the agent's PATH).
     */
    public String getMlflowBin() {
        return mlflowBin;
    }

    @DataBoundSetter
    public void setMlflowBin(String mlflowBin) {
        this.mlflowBin = StepArguments.optional(mlflowBin);
    }

    @Extension
    public static final class DescriptorImpl extends MlflowStepDescriptor {
        @Override
        public String getFunctionName() {
            return "deployModel";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Deploy a registered model version to KServe, Kubernetes or locally, with smoke test and rollback";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class, FilePath.class);
        }

        // Form methods of the Snippet Generator and the Freestyle form (config.jelly); see JobForms.

        @POST
        public ListBoxModel doFillKubeconfigCredentialsIdItems(@AncestorInPath Item item,
                                                               @QueryParameter String kubeconfigCredentialsId) {
            return JobForms.kubeconfigCredentials(item, kubeconfigCredentialsId);
        }

        @POST
        public ListBoxModel doFillKubernetesCredentialsIdItems(@AncestorInPath Item item,
                                                               @QueryParameter String kubernetesCredentialsId) {
            return JobForms.kubernetesCredentials(item, kubernetesCredentialsId);
        }

        /** {@code kserve}, {@code kubernetes}, {@code local}. */
        public ListBoxModel doFillTargetItems() {
            return JobForms.choices(Arrays.stream(DeployTarget.values()).map(DeployTarget::id).toList());
        }

        /** "detect from the cluster" (empty: the engine detects the mode), then {@code knative}, {@code standard}. */
        public ListBoxModel doFillDeploymentModeItems() {
            ListBoxModel modes = JobForms.choices(Arrays.stream(DeploymentMode.values()).map(DeploymentMode::id)
                    .toList());
            modes.add(0, new ListBoxModel.Option("detect from the cluster", ""));
            return modes;
        }

        @POST
        public FormValidation doCheckCanary(@QueryParameter String value) {
            return JobForms.integerIn(value, 1, 99, "canary");
        }

        @POST
        public FormValidation doCheckReplicas(@QueryParameter String value) {
            return JobForms.integerIn(value, 1, MAX_REPLICAS, "replicas");
        }

        @POST
        public FormValidation doCheckCpu(@QueryParameter String value) {
            return JobForms.asTyped(() -> checkedCpu(value));
        }

        @POST
        public FormValidation doCheckMemory(@QueryParameter String value) {
            return JobForms.asTyped(() -> checkedMemory(value));
        }

        @POST
        public FormValidation doCheckEnvSecret(@QueryParameter String value) {
            return JobForms.asTyped(() -> checkedEnvSecret(value));
        }

        // The binding's checks of these fields as they are typed: text checks that reach nothing (no request, no
        // name lookup), so like the other checks of this form they need no permission (JobForms.asTyped).

        @POST
        public FormValidation doCheckSmokeEndpoint(@QueryParameter String value) {
            return JobForms.asTyped(() -> checkedSmokeEndpoint(value));
        }

        @POST
        public FormValidation doCheckStorageUri(@QueryParameter String value) {
            return JobForms.asTyped(() -> checkedStorageUri(value));
        }

        @POST
        public FormValidation doCheckImage(@QueryParameter String value) {
            return JobForms.asTyped(() -> checkedImage(value));
        }
    }
}

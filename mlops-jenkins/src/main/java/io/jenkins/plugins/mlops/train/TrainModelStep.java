package io.jenkins.plugins.mlops.train;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.mlops.RemoteWorkStep;
import io.jenkins.plugins.mlops.MlflowStepDescriptor;
import io.jenkins.plugins.mlops.StepArguments;
import io.jenkins.plugins.mlops.config.JobForms;
import io.mlopsbridge.core.InputName;
import io.mlopsbridge.kfp.KfpConfig;
import io.mlopsbridge.kfp.KfpInputNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code trainModel}, in two forms:
 * <ul>
 *   <li>{@code trainModel(kubeflow: 'pipeline.yaml', parameters: [n_estimators: 300], experiment: 'fraud')}: runs
 *   a compiled pipeline from the workspace on Kubeflow Pipelines and waits durably (restart-safe, abortable);</li>
 *   <li>{@code trainModel(experiment: 'fraud') { sh 'python train.py' }}: opens an MLflow run for the block, which
 *   sees it as {@code MLFLOW_RUN_ID} and {@code MLFLOW_TRACKING_URI}, and closes it with the block's outcome.</li>
 * </ul>
 * Returns the CLI's {@code mlops train --json} result as a map.
 */
public final class TrainModelStep extends RemoteWorkStep {
    private String kubeflow;
    private Map<String, Object> parameters = Map.of();
    private String experiment;
    private String timeout;
    private String pipelineName;
    private String runName;
    private String kubeflowUrl;
    private String kubeflowUiUrl;
    private String kubeflowCredentialsId;
    private String kubeflowNamespace;

    @DataBoundConstructor
    public TrainModelStep() {
    }

    @Override
    public StepExecution start(StepContext context) {
        TrainSpec spec = spec();
        boolean block = context.hasBody();
        if (block == (kubeflow != null)) {
            throw new IllegalArgumentException(block ? "trainModel takes kubeflow: or a block, not both"
                    : "trainModel needs kubeflow: 'pipeline.yaml' or a block, e.g. trainModel(experiment: "
                    + "'fraud') { sh 'python train.py' }");
        }
        if (block && !parameters.isEmpty()) {
            // As the Freestyle step and the command line refuse them with a command: they would be dropped.
            throw new IllegalArgumentException("trainModel: parameters are the Kubeflow pipeline's; with a block, pass"
                    + " them as the training command's own arguments (e.g. sh 'python train.py --n-estimators 300')");
        }
        if (block && timeout != null) {
            // The block runs the user's own steps, which Jenkins' timeout step already bounds (and stops cleanly).
            throw new IllegalArgumentException("trainModel: timeout is the Kubeflow pipeline's; bound a block with "
                    + "Jenkins' timeout step, e.g. timeout(time: 2, unit: 'HOURS') { trainModel(experiment: 'fraud') "
                    + "{ sh 'python train.py' } }");
        }
        return block ? new LocalTrainingExecution(context, spec) : new KubeflowTrainingExecution(context, spec);
    }

    /** The arguments as a running training keeps them (the step's and the Freestyle build step's). */
    TrainSpec spec() {
        return new TrainSpec(kubeflow, new LinkedHashMap<>(parameters), experiment, timeout, pipelineName, runName,
                getServiceAccount(), getReleaseVersion(), getPollInterval(), kubeflowUrl, kubeflowUiUrl,
                kubeflowCredentialsId, kubeflowNamespace, getMlflowUrl(), getMlflowCredentialsId());
    }

    /** The compiled pipeline (YAML), relative to the workspace; without it the step trains in its block. */
    public String getKubeflow() {
        return kubeflow;
    }

    @DataBoundSetter
    public void setKubeflow(String kubeflow) {
        this.kubeflow = StepArguments.optional(kubeflow);
    }

    /** Runtime parameters, checked against the pipeline's declared types before anything is sent. */
    public Map<String, Object> getParameters() {
        return parameters;
    }

    @DataBoundSetter
    public void setParameters(Map<String, Object> parameters) {
        if (parameters != null) {
            // An unset variable ([data_path: env.DATA_PATH]) gives a null, which Map.copyOf would answer with a
            // bare NullPointerException; the pipeline has no "no value" to send either.
            parameters.forEach((name, value) -> {
                if (name == null || value == null) {
                    throw new IllegalArgumentException("parameters: " + name + " has no value (an unset variable?);"
                            + " give each pipeline parameter a value, e.g. parameters: [n_estimators: 300]");
                }
            });
        }
        this.parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public String getExperiment() {
        return experiment;
    }

    @DataBoundSetter
    public void setExperiment(String experiment) {
        this.experiment = StepArguments.optional(experiment);
    }

    /** How long to wait before terminating the run, e.g. {@code 90m}, {@code 2h} (default 6h). */
    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = StepArguments.duration(timeout, "timeout", "timeout: '2h'");
    }

    public String getPipelineName() {
        return pipelineName;
    }

    @DataBoundSetter
    public void setPipelineName(String pipelineName) {
        this.pipelineName = StepArguments.optional(pipelineName);
    }

    public String getRunName() {
        return runName;
    }

    @DataBoundSetter
    public void setRunName(String runName) {
        this.runName = StepArguments.optional(runName);
    }

    public String getKubeflowUrl() {
        return kubeflowUrl;
    }

    @DataBoundSetter
    public void setKubeflowUrl(String kubeflowUrl) {
        this.kubeflowUrl = checkedUrl(kubeflowUrl, KfpInputNames.KUBEFLOW_URL, KfpConfig::of);
    }

    /** Where run links point when the Kubeflow UI is reached elsewhere than the API; default the API's URL. */
    public String getKubeflowUiUrl() {
        return kubeflowUiUrl;
    }

    @DataBoundSetter
    public void setKubeflowUiUrl(String kubeflowUiUrl) {
        this.kubeflowUiUrl = checkedUrl(kubeflowUiUrl, KfpInputNames.KFP_UI_URL, KfpConfig::checkUiUrl);
    }

    /**
     * A Kubeflow address checked as the step is bound, by the engine's own check ({@code check}); null when absent.
     * The engine's line says "KFP URL", as the command line has it (where the URL may come from $KFP_URL), so the
     * parameter is named first.
     */
    private static String checkedUrl(String value, InputName input, Consumer<String> check) {
        String url = StepArguments.optional(value);
        return url == null ? null : StepArguments.checked(input.parameter(), () -> {
            check.accept(url);
            return url;
        });
    }

    public String getKubeflowCredentialsId() {
        return kubeflowCredentialsId;
    }

    @DataBoundSetter
    public void setKubeflowCredentialsId(String kubeflowCredentialsId) {
        this.kubeflowCredentialsId = StepArguments.optional(kubeflowCredentialsId);
    }

    public String getKubeflowNamespace() {
        return kubeflowNamespace;
    }

    @DataBoundSetter
    public void setKubeflowNamespace(String kubeflowNamespace) {
        this.kubeflowNamespace = StepArguments.optional(kubeflowNamespace);
    }

    @Extension
    public static final class DescriptorImpl extends MlflowStepDescriptor {
        @Override
        public String getFunctionName() {
            return "trainModel";
        }

        /** The block is optional: with {@code kubeflow:} the step takes none. */
        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Train a model on Kubeflow Pipelines, or in the block, tracked in MLflow";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class, FilePath.class);
        }

        // Form methods of the Snippet Generator and the Freestyle form (config.jelly); see JobForms.

        @POST
        public ListBoxModel doFillKubeflowCredentialsIdItems(@AncestorInPath Item item,
                                                             @QueryParameter String kubeflowCredentialsId) {
            return JobForms.kubeflowCredentials(item, kubeflowCredentialsId);
        }
    }
}

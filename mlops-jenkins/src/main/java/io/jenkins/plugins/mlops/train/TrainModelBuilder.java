package io.jenkins.plugins.mlops.train;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import io.jenkins.plugins.mlops.KeyValueLines;
import io.jenkins.plugins.mlops.MlopsBuilderDescriptor;
import io.jenkins.plugins.mlops.StepArguments;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.config.JobForms;
import io.mlopsbridge.kfp.RuntimeParameters;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The Freestyle form of {@code trainModel}: the job page shows the step's own form (the same fields and help) plus
 * the local command and the pipeline's parameters (a map in the step, typed as lines), and the build trains in one of two ways:
 * <ul>
 *   <li>a <b>local command</b> ({@code command}): a shell command run on the build's agent inside an MLflow run,
 *   seeing {@code MLFLOW_RUN_ID}, the tracking URI and the credentials (its output masked); the run is closed
 *   FINISHED, FAILED or KILLED with the command's outcome, and a failing command fails the build;</li>
 *   <li><b>Kubeflow</b> (the step's {@code kubeflow}): the pipeline file from the workspace, waited for in the build
 *   step; aborting the build terminates the KFP run and ends the MLflow run KILLED.</li>
 * </ul>
 * Both run the code the Pipeline step runs ({@link LocalTrainingRun}, {@link KubeflowTrainingSession}) and record
 * the training on the same build page.
 */
public final class TrainModelBuilder extends Builder implements SimpleBuildStep {
    static final KeyValueLines PARAMETERS = new KeyValueLines("parameters",
            "write one parameter per line as NAME=VALUE, e.g. n_estimators=300");

    private final TrainModelStep step;
    private String command;

    @DataBoundConstructor
    public TrainModelBuilder(TrainModelStep step) {
        this.step = Objects.requireNonNull(step, "step");
    }

    public TrainModelStep getStep() {
        return step;
    }

    /** The shell command to train with on the agent; without it the step's {@code kubeflow} pipeline runs. */
    public String getCommand() {
        return command;
    }

    @DataBoundSetter
    public void setCommand(String command) {
        this.command = StepArguments.optional(command);
    }

    /*
     * parameters is the step's map, typed one NAME=VALUE per line; it is read from and written to the step itself, so
     * a map set in config.xml (or by Job DSL) is shown in the field and kept when the page is saved (the step's own
     * form, which has no map fields, binds a step without it). A line's value is text, as the command line's --param
     * gives it: the engine converts it to the type the pipeline declares, so typed values are shown as that text.
     */

    /** The Kubeflow pipeline's runtime parameters, one {@code NAME=VALUE} per line, by name. */
    public String getParameters() {
        Map<String, String> lines = new TreeMap<>();
        step.getParameters().forEach((name, value) -> lines.put(name, RuntimeParameters.text(value)));
        return KeyValueLines.format(lines);
    }

    @DataBoundSetter
    public void setParameters(String parameters) {
        Map<String, String> lines = PARAMETERS.parse(parameters);
        step.setParameters(lines == null ? null : Map.copyOf(lines));
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
                        @NonNull Launcher launcher, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        TrainSpec spec = step.spec();
        if ((command == null) == (spec.kubeflow() == null)) {
            throw new AbortException(command == null
                    ? "trainModel: give a command to train with on the agent (e.g. python train.py) or a "
                    + "Kubeflow pipeline file (e.g. pipeline.yaml)"
                    : "trainModel: give a command or a Kubeflow pipeline file, not both");
        }
        if (command != null && !spec.parameters().isEmpty()) {
            // As the command line refuses --param without --kubeflow: typed in the form, they would be ignored.
            throw new AbortException("trainModel: parameters are the Kubeflow pipeline's; with a command, pass them as"
                    + " the command's own arguments (e.g. python train.py --n-estimators 300)");
        }
        StepEnvironment build = StepEnvironment.of(run, listener, env);
        if (command != null) {
            new LocalCommandTraining(spec, command).run(build, workspace, launcher);
        } else {
            KubeflowTrainingSession.waitFor(spec, build, workspace);
        }
    }

    @Extension
    @Symbol("trainModelBuilder")
    public static final class DescriptorImpl extends MlopsBuilderDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Train a model with a command or on Kubeflow Pipelines, tracked in MLflow (MLOps Bridge)";
        }

        @POST
        public FormValidation doCheckParameters(@QueryParameter String value) {
            return JobForms.asTyped(() -> PARAMETERS.parse(value));
        }
    }
}

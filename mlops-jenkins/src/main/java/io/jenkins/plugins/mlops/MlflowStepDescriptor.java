package io.jenkins.plugins.mlops;

import hudson.model.Item;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.mlops.config.JobForms;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The descriptor of an {@link MlflowStep}: its form's MLflow credential picker, the same for every step. */
public abstract class MlflowStepDescriptor extends StepDescriptor {
    /** Listed only to who may configure the job (see {@link JobForms}), and only to a POST. */
    @POST
    public ListBoxModel doFillMlflowCredentialsIdItems(@AncestorInPath Item item,
                                                       @QueryParameter String mlflowCredentialsId) {
        return JobForms.mlflowCredentials(item, mlflowCredentialsId);
    }
}

package io.jenkins.plugins.mlops;

import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A step that talks to MLflow: every one may name its own server and credential per call, instead of the global
 * configuration's.
 */
public abstract class MlflowStep extends Step {
    private String mlflowUrl;
    private String mlflowCredentialsId;

    /** The MLflow tracking server (default: the global configuration's). */
    public String getMlflowUrl() {
        return mlflowUrl;
    }

    @DataBoundSetter
    public void setMlflowUrl(String mlflowUrl) {
        this.mlflowUrl = StepArguments.optional(mlflowUrl);
    }

    /** A 'Secret text' (bearer token) or 'Username with password' credential for MLflow, by id. */
    public String getMlflowCredentialsId() {
        return mlflowCredentialsId;
    }

    @DataBoundSetter
    public void setMlflowCredentialsId(String mlflowCredentialsId) {
        this.mlflowCredentialsId = StepArguments.optional(mlflowCredentialsId);
    }
}

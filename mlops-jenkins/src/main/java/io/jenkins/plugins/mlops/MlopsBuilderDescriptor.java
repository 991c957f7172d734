package io.jenkins.plugins.mlops;

import hudson.model.AbstractProject;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;

/** The descriptor of a Freestyle build step of this plugin: offered in every job type that has build steps. */
public abstract class MlopsBuilderDescriptor extends BuildStepDescriptor<Builder> {
    @SuppressWarnings("rawtypes") // the upstream signature
    @Override
    public boolean isApplicable(Class<? extends AbstractProject> jobType) {
        return true;
    }
}

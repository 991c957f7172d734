package io.jenkins.plugins.mlops;

import org.kohsuke.stapler.DataBoundSetter;

/**
 * A step that starts long work on a remote system for a release and waits for it ({@code trainModel} on Kubeflow,
 * {@code deployModel}): besides MLflow, each may name the release version the work is done for, the
 * service account the remote work runs as, and how often the wait looks at it.
 */
public abstract class RemoteWorkStep extends MlflowStep {
    private String releaseVersion;
    private String serviceAccount;
    private String pollInterval;

    /** The release version (default: the global pattern, else {@code <BUILD_NUMBER>-<short GIT_COMMIT>}). */
    public String getReleaseVersion() {
        return releaseVersion;
    }

    @DataBoundSetter
    public void setReleaseVersion(String releaseVersion) {
        this.releaseVersion = StepArguments.releaseVersion(releaseVersion);
    }

    /** The Kubernetes service account the remote work runs as (default: the namespace's). */
    public String getServiceAccount() {
        return serviceAccount;
    }

    @DataBoundSetter
    public void setServiceAccount(String serviceAccount) {
        this.serviceAccount = StepArguments.optional(serviceAccount);
    }

    /** Look at the remote work every this long (default: 2 s, growing while nothing changes). */
    public String getPollInterval() {
        return pollInterval;
    }

    @DataBoundSetter
    public void setPollInterval(String pollInterval) {
        this.pollInterval = StepArguments.duration(pollInterval, "pollInterval", "pollInterval: '10s'");
    }
}

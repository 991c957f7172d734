package io.jenkins.plugins.mlops.action;

import hudson.model.Action;

/** The job page's view of its last build's MLOps record (shown by jobMain.jelly; no sidebar link of its own). */
public final class LastModelRecord implements Action {
    private final int buildNumber;
    private final MlopsRunAction record;

    LastModelRecord(int buildNumber, MlopsRunAction record) {
        this.buildNumber = buildNumber;
        this.record = record;
    }

    public int getBuildNumber() {
        return buildNumber;
    }

    public MlopsRunAction getRecord() {
        return record;
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Last MLOps record";
    }

    @Override
    public String getUrlName() {
        return null;
    }
}

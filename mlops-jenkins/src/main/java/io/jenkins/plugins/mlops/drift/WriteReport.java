package io.jenkins.plugins.mlops.drift;

import hudson.remoting.VirtualChannel;
import io.mlopsbridge.drift.report.ReportFile;
import java.io.File;
import java.io.Serial;
import jenkins.MasterToSlaveFileCallable;

/** Writes the final JSON result (with the controller's retraining decision) next to the other reports. */
final class WriteReport extends MasterToSlaveFileCallable<Void> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String content;

    WriteReport(String path, String content) {
        this.path = path;
        this.content = content;
    }

    @Override
    public Void invoke(File workspace, VirtualChannel channel) {
        ReportFile.write(workspace.toPath().resolve(path), content, "JSON result");
        return null;
    }
}

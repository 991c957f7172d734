package io.jenkins.plugins.mlops.drift;

import hudson.remoting.VirtualChannel;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.report.ReportFile;
import java.io.File;
import java.io.Serial;
import java.util.List;
import jenkins.MasterToSlaveFileCallable;

/**
 * Checks on the agent, before anything is read or written (in MLflow too: a profile kept with a model version, a
 * retraining trigger), that each file the check will write can be written, as the command line checks its outputs
 * first ({@link ReportFile#requireWritable}): a folder in a report's place, or a folder that cannot be written,
 * then fails the step before the retraining trigger is set, rather than after it without a record of the check.
 */
final class WritableOutputs extends MasterToSlaveFileCallable<Void> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final List<OutputFiles.OutputFile> targets;

    private WritableOutputs(List<OutputFiles.OutputFile> targets) {
        this.targets = targets;
    }

    /**
     * The files {@code step} will write: without current only the profile (the reports are not written then); a
     * profile kept with a model version is a scratch file of the step's own, not checked.
     */
    static WritableOutputs of(CheckDriftStep step) {
        return new WritableOutputs(OutputFiles.of(step).stream()
                .filter(o -> step.getCurrent() != null || o.kind() == OutputFiles.Kind.PROFILE).toList());
    }

    boolean any() {
        return !targets.isEmpty();
    }

    @Override
    public Void invoke(File workspace, VirtualChannel channel) {
        for (OutputFiles.OutputFile target : targets) {
            try {
                ReportFile.requireWritable(workspace.toPath().resolve(target.path()), target.kind().what);
            } catch (MlopsException e) {
                throw MlopsException.input(target.kind().parameter + ": " + e.oneLine(InputNaming.STEP_PARAMETERS),
                        null);
            }
        }
        return null;
    }
}

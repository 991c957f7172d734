package io.jenkins.plugins.mlops.action;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/**
 * Puts the last build's MLOps record on the job's page, so a team sees which model version the job last produced
 * and where it went without opening a build. Computed when the page is shown; nothing is stored on the job.
 */
@Extension
@SuppressWarnings("rawtypes") // Jenkins' factories for all job types are declared on the raw Job
public final class LastModelRecordFactory extends TransientActionFactory<Job> {
    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @NonNull
    @Override
    public Collection<? extends Action> createFor(@NonNull Job target) {
        Run<?, ?> last = target.getLastBuild();
        MlopsRunAction record = last == null ? null : last.getAction(MlopsRunAction.class);
        return record == null ? List.of() : List.of(new LastModelRecord(last.getNumber(), record));
    }
}

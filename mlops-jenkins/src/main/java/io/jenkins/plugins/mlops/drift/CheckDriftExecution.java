package io.jenkins.plugins.mlops.drift;

import hudson.FilePath;
import io.jenkins.plugins.mlops.StepEnvironment;
import java.io.Serial;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * {@code checkDrift} in a Pipeline: the same {@link CheckDriftRun} as the Freestyle build step, off the CPS thread.
 * The controller thread only waits for the agent's answer; nothing large crosses. Not resumable: a restart mid-check
 * fails the step, and running it again reads the same files.
 */
final class CheckDriftExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient CheckDriftStep step;

    CheckDriftExecution(StepContext context, CheckDriftStep step) {
        super(context);
        this.step = step;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        return CheckDriftRun.run(step, StepEnvironment.of(getContext()), getContext().get(FilePath.class),
                getContext()::setResult);
    }
}

package io.jenkins.plugins.mlops.register;

import hudson.FilePath;
import io.jenkins.plugins.mlops.StepEnvironment;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * Runs a registration on Jenkins' pool for short non-blocking steps: it is a handful of MLflow calls with timeouts
 * (plus a READY wait bounded by {@code readyTimeout}), nothing that needs to outlive a controller restart; a
 * restart during it fails the step, and running it again from the same build reuses the version it made.
 */
final class RegisterModelExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    private final transient RegisterModelStep step;

    RegisterModelExecution(StepContext context, RegisterModelStep step) {
        super(context);
        this.step = step;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        // The workspace only where there is one (inside node): without reportDir the step needs none.
        return RegisterModelRun.run(step, StepEnvironment.of(getContext()),
                getContext().get(FilePath.class), getContext()::setResult);
    }
}

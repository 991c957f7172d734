package org.jenkinsci.plugins.workflow.steps;

public abstract class BodyInvoker {
    /** Test-only: Jenkins' CPS engine makes invokers; the tests' invoker lives in this package. */
    BodyInvoker() {
    }

    public abstract BodyInvoker withContext(Object override);

    public abstract BodyInvoker withCallback(BodyExecutionCallback callback);

    public abstract BodyExecution start();
}

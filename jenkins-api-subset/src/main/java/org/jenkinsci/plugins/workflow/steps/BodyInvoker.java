package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;

public abstract class BodyInvoker {
    /** Test-only: Jenkins' CPS engine makes invokers; the tests' invoker lives in this package. */
    BodyInvoker() {
    }

    public abstract BodyInvoker withContext(Object override);

    public abstract BodyInvoker withCallback(BodyExecutionCallback callback);

    public abstract BodyExecution start();

    /** As upstream: the original decorates first, the subsequent filter wraps what it made. */
    public static ConsoleLogFilter mergeConsoleLogFilters(@CheckForNull ConsoleLogFilter original,
                                                          @NonNull ConsoleLogFilter subsequent) {
        if (original == null) {
            return subsequent;
        }
        return new MergedFilter(original, subsequent);
    }

    private static final class MergedFilter extends ConsoleLogFilter implements Serializable {
        private static final long serialVersionUID = 1L;
        private final ConsoleLogFilter original;
        private final ConsoleLogFilter subsequent;

        MergedFilter(ConsoleLogFilter original, ConsoleLogFilter subsequent) {
            this.original = original;
            this.subsequent = subsequent;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public OutputStream decorateLogger(Run build, OutputStream logger) throws IOException, InterruptedException {
            return subsequent.decorateLogger(build, original.decorateLogger(build, logger));
        }
    }
}

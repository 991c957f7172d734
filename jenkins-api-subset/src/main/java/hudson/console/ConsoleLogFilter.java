package hudson.console;

import hudson.ExtensionPoint;
import hudson.model.Run;
import java.io.IOException;
import java.io.OutputStream;

public abstract class ConsoleLogFilter implements ExtensionPoint {
    /**
     * Subset: upstream hands builds of old plugins to the deprecated {@code AbstractBuild} overload (and Pipeline
     * calls that overload with null, which forwards here when a filter overrides this one); here a pass-through.
     */
    @SuppressWarnings("rawtypes")
    public OutputStream decorateLogger(Run build, OutputStream logger) throws IOException, InterruptedException {
        return logger;
    }
}

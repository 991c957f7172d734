package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.security.AccessControlled;
import java.io.File;
import java.util.Objects;
import jenkins.console.WithConsoleUrl;
import jenkins.model.HistoricalBuild;
import jenkins.util.io.OnMaster;
import org.kohsuke.stapler.StaplerProxy;

public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements ExtensionPoint, Comparable<RunT>, AccessControlled, PersistenceRoot, DescriptorByNameOwner, OnMaster,
        StaplerProxy, HistoricalBuild, WithConsoleUrl {

    private final File rootDir;

    /** Test-only: the adapter's tests make a build over a temporary folder through a subclass in this package. */
    Run(File rootDir) {
        this.rootDir = Objects.requireNonNull(rootDir, "rootDir");
    }

    public @NonNull File getRootDir() {
        return rootDir;
    }
}

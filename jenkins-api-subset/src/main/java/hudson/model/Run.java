package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.security.AccessControlled;
import java.io.File;
import java.io.IOException;
import java.util.Objects;
import jenkins.console.WithConsoleUrl;
import jenkins.model.HistoricalBuild;
import jenkins.util.io.OnMaster;
import org.kohsuke.stapler.StaplerProxy;

public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements ExtensionPoint, Comparable<RunT>, AccessControlled, PersistenceRoot, DescriptorByNameOwner, OnMaster,
        StaplerProxy, HistoricalBuild, WithConsoleUrl {

    private final File rootDir;
    private final JobT parent;
    private final int number;

    /** Test-only: the adapter's tests make a build over a temporary folder through a subclass in this package. */
    Run(File rootDir) {
        this(rootDir, null, 1);
    }

    /** Test-only: a build of a job, for tests that follow one model across builds of several jobs. */
    Run(File rootDir, JobT parent, int number) {
        this.rootDir = Objects.requireNonNull(rootDir, "rootDir");
        this.parent = parent;
        this.number = number;
    }

    public @NonNull JobT getParent() {
        return parent;
    }

    /** Subset: the result a build step set, null while none did; read by tests through {@code TestBuilds}. */
    private volatile Result result;

    public void setResult(@NonNull Result r) {
        // Upstream only ever makes a result worse; the subset has UNSTABLE only, so the first one set stays.
        if (result == null) {
            result = r;
        }
    }

    Result result() {
        return result;
    }

    public int getNumber() {
        return number;
    }

    /** Subset: upstream writes build.xml with XStream; there is no JENKINS_HOME here (tests round-trip the actions). */
    public synchronized void save() throws IOException {
    }

    public @NonNull File getRootDir() {
        return rootDir;
    }
}

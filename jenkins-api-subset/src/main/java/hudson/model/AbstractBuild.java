package hudson.model;

import java.io.File;
import jenkins.model.lazy.LazyBuildMixIn;
import jenkins.scm.RunWithSCM;

public abstract class AbstractBuild<P extends AbstractProject<P, R>, R extends AbstractBuild<P, R>> extends Run<P, R>
        implements Queue.Executable, LazyBuildMixIn.LazyLoadingRun<P, R>, RunWithSCM<P, R> {
    /** Subset: no Freestyle build runs here; the type completes {@link AbstractProject}'s. */
    AbstractBuild(File rootDir) {
        super(rootDir);
    }
}

package hudson.model;

import hudson.ExtensionPoint;
import jenkins.model.ModelObjectWithChildren;
import jenkins.widgets.HasWidgets;
import org.kohsuke.stapler.StaplerOverridable;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem
        implements ExtensionPoint, StaplerOverridable, ModelObjectWithChildren, HasWidgets {
    /** Test-only: the adapter's tests make a job through a subclass in this package. */
    Job() {
    }

    /** Test-only: a job with a name, for tests that follow one model across jobs. */
    Job(String fullName) {
        super(fullName);
    }
}

package hudson.model;

import hudson.model.queue.SubTask;
import jenkins.console.WithConsoleUrl;
import jenkins.model.FullyNamedModelObject;

public class Queue extends ResourceController implements Saveable {
    /** Subset: no build queue here; the class holds the task types the Freestyle job types implement. */
    private Queue() {
    }

    public interface Task extends FullyNamedModelObject, SubTask {}

    public interface Executable extends Runnable, WithConsoleUrl {}
}

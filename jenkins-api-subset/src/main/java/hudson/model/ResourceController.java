package hudson.model;

public class ResourceController {
    /** Subset: only {@link Queue} extends it, as a namespace for the task types. */
    ResourceController() {
    }
}

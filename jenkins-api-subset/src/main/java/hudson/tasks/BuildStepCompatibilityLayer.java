package hudson.tasks;

@Deprecated
public abstract class BuildStepCompatibilityLayer implements BuildStep {
    /** Subset: only {@link Builder} extends it here. */
    BuildStepCompatibilityLayer() {
    }
}

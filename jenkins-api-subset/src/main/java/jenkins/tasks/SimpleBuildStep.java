package jenkins.tasks;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStep;
import java.io.IOException;

public interface SimpleBuildStep extends BuildStep {
    /** Subset: upstream's default calls the deprecated overload without {@code env}, which is not declared here. */
    default void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
                         @NonNull Launcher launcher, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        throw new AbstractMethodError("a build step that needs a workspace implements perform(Run, FilePath, "
                + "EnvVars, Launcher, TaskListener)");
    }

    default void perform(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        throw new AbstractMethodError("a build step that needs no workspace implements perform(Run, EnvVars, "
                + "TaskListener)");
    }

    default boolean requiresWorkspace() {
        return true;
    }
}

package io.jenkins.plugins.mlops;

import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.log.MaskingBuildLog;
import io.mlopsbridge.log.SecretMasker;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * What a step reads from its build: the run (for credentials and the build folder), the console and the
 * environment (for lineage). Read off the CPS thread, when the step's work starts.
 */
public final class StepEnvironment {
    private final Run<?, ?> run;
    private final TaskListener listener;
    private final EnvVars env;

    private StepEnvironment(Run<?, ?> run, TaskListener listener, EnvVars env) {
        this.run = Objects.requireNonNull(run, "run");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.env = env;
    }

    public static StepEnvironment of(StepContext context) throws IOException, InterruptedException {
        return new StepEnvironment(context.get(Run.class), context.get(TaskListener.class), context.get(EnvVars.class));
    }

    /** A Freestyle build step's build: what {@code SimpleBuildStep.perform} is given. */
    public static StepEnvironment of(Run<?, ?> run, TaskListener listener, EnvVars env) {
        return new StepEnvironment(run, listener, env);
    }

    public Run<?, ?> run() {
        return run;
    }

    public TaskListener listener() {
        return listener;
    }

    /** The build's variables (empty when the context has none), including withEnv and withCredentials overrides. */
    public Map<String, String> variables() {
        return env == null ? Map.of() : env;
    }

    /** Expands {@code ${VAR}} references with the build's variables, as Jenkins does for its own fields. */
    public String expand(String text) {
        return env == null ? text : env.expand(text);
    }

    /**
     * The build's lineage, from the variables Jenkins and its SCM plugins set (JOB_NAME, BUILD_NUMBER, BUILD_URL,
     * GIT_COMMIT, GIT_URL); credentials in a git URL are dropped by {@link BuildInfo}.
     */
    public BuildInfo buildInfo() {
        return BuildInfo.fromEnvironment(variables());
    }

    /** The console as the engine's log, masking {@code secrets} in every line; call it once they are all known. */
    public BuildLog log(Collection<String> secrets) {
        return log(listener, secrets);
    }

    /**
     * {@code listener} as the engine's log, masking {@code secrets}: for work sent to an agent with the build's
     * console (remoting carries the listener; the secrets travel only inside the callable).
     */
    public static BuildLog log(TaskListener listener, Collection<String> secrets) {
        return new MaskingBuildLog(new ListenerLog(listener), SecretMasker.of(secrets), InputNaming.STEP_PARAMETERS);
    }
}

package io.jenkins.plugins.mlops.harness;

import hudson.EnvVars;
import hudson.TestEnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.TestBuilds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jenkinsci.plugins.workflow.steps.RecordingStepContext;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * One pipeline step in one build, as Jenkins would run it: a build folder, a console, the build's variables and a
 * workspace; {@link #start} runs the step's {@code start()} as the CPS thread would; {@link #restart} does what a
 * controller restart does to a running step.
 */
public final class StepHarness {
    private final Path buildDir;
    private final Path workspace;
    private final BufferListener listener = new BufferListener();
    private final Run<?, ?> run;
    private final EnvVars env;
    private RecordingStepContext context;

    private StepHarness(Path root, Map<String, String> variables) {
        try {
            this.buildDir = Files.createDirectories(root.resolve("jobs/fraud/builds/" + variables.getOrDefault(
                    "BUILD_NUMBER", "1")));
            this.workspace = Files.createDirectories(root.resolve("workspace/fraud"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.run = TestBuilds.build(buildDir.toFile(), variables.getOrDefault("JOB_NAME", "fraud/main"),
                Integer.parseInt(variables.getOrDefault("BUILD_NUMBER", "1")));
        this.env = TestEnvVars.of(variables);
    }

    /** A build of job {@code fraud/main} with Jenkins' usual variables plus {@code extra}. */
    public static StepHarness build(Path root, String buildNumber, Map<String, String> extra) {
        Map<String, String> variables = new HashMap<>(Map.of(
                "JOB_NAME", "fraud/main",
                "BUILD_NUMBER", buildNumber,
                "BUILD_URL", "https://jenkins.acme.test/job/fraud/job/main/" + buildNumber + "/",
                "GIT_COMMIT", "3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210",
                "GIT_URL", "https://github.com/acme/fraud.git",
                "JENKINS_URL", "https://jenkins.acme.test/"));
        variables.putAll(extra);
        return new StepHarness(root, variables);
    }

    /** Starts {@code step} as the CPS VM thread does: {@code start()} must return at once. */
    public StepExecution start(Step step) throws Exception {
        context = new RecordingStepContext(contextObjects());
        StepExecution execution = step.start(context);
        execution.start();
        return execution;
    }

    private Map<Class<?>, Object> contextObjects() {
        Map<Class<?>, Object> objects = new HashMap<>();
        objects.put(Run.class, run);
        objects.put(TaskListener.class, listener);
        objects.put(EnvVars.class, env);
        return objects;
    }

    /** The step's return value; fails the test with the step's failure if it failed. */
    public Object await(Duration timeout) throws Exception {
        try {
            return context.outcome().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("step failed: " + e.getCause(), e.getCause());
        }
    }

    /** The step's failure; fails the test if the step succeeded or did not end in time. */
    public Throwable awaitFailure(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            Object value = context.outcome().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("step succeeded with " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    public RecordingStepContext context() {
        return context;
    }

    public String log() {
        return listener.text();
    }

    public Path buildDir() {
        return buildDir;
    }

    public Path workspace() {
        return workspace;
    }

    public Run<?, ?> run() {
        return run;
    }
}

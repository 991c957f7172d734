package io.jenkins.plugins.mlops.harness;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.TestWorkspaces;
import hudson.TestEnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.TestBuilds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jenkins.util.TestTimer;
import org.jenkinsci.plugins.workflow.steps.RecordingStepContext;
import org.jenkinsci.plugins.workflow.steps.TestBody;
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
    private TestBody body;

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
        return start(step, null);
    }

    /** Starts a block step whose block does what {@code block} does. */
    public StepExecution start(Step step, TestBody.Block block) throws Exception {
        body = block == null ? null : new TestBody(block, env, listener.getLogger());
        context = new RecordingStepContext(contextObjects(), body);
        StepExecution execution = step.start(context);
        execution.start();
        return execution;
    }

    private Map<Class<?>, Object> contextObjects() {
        Map<Class<?>, Object> objects = new HashMap<>();
        objects.put(Run.class, run);
        objects.put(TaskListener.class, listener);
        objects.put(EnvVars.class, env);
        objects.put(FilePath.class, TestWorkspaces.of(workspace.toFile()));
        return objects;
    }

    /** Waits until a durable step has submitted its remote work and waits for it on the timer. */
    public static void awaitWaiting(StepExecution execution) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(60);
        while (execution.getStatus() == null || !execution.getStatus().startsWith("waiting for")) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("step never started waiting; status " + execution.getStatus());
            }
            Thread.sleep(20);
        }
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

    /**
     * Stops {@code running} as a user's abort does ({@code stop()} with an AbortException), checks that stop() itself
     * ended the step with it, and returns what the step's run() ended with: Jenkins keeps it as suppressed by the
     * stop's cause once run() returns. Fails when run() has not ended within {@code timeout}.
     */
    public Throwable stopAndAwaitRunEnded(StepExecution running, Duration timeout) throws Exception {
        AbortException abort = new AbortException("Aborted by alice");
        running.stop(abort);
        Throwable ended = awaitFailure(Duration.ZERO);
        if (ended != abort) {
            throw new AssertionError("stop() did not end the step with its cause; it ended with " + ended);
        }
        Instant until = Instant.now().plus(timeout);
        while (abort.getSuppressed().length == 0) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("the step's run() still runs " + timeout + " after stop()");
            }
            Thread.sleep(10);
        }
        return abort.getSuppressed()[0];
    }

    /**
     * A controller restart while {@code running} waits: its timer tasks vanish, it is written into the build folder
     * as program.dat holds it ({@link ProgramFile}: Java serialization, {@code Secret}s encrypted), together with
     * the running block's contexts and callback when it is a block step, so the secret searches see it all; the
     * original is dropped, and the copy read back gets {@code onResume()}. Returns the copy, which must carry on
     * alone; a block goes on with {@link TestBody#resume}.
     */
    public StepExecution restart(StepExecution running) throws IOException, ClassNotFoundException {
        byte[] program = ProgramFile.write(new Object[] {running, body == null ? null : body.persisted()});
        TestTimer.restart();
        context = context.restarted();
        Files.write(buildDir.resolve("program.dat"), program);
        Object[] copy = (Object[]) ProgramFile.read(program);
        if (body != null) {
            body.restarted((TestBody.Persisted) copy[1], context);
        }
        StepExecution execution = (StepExecution) copy[0];
        execution.onResume();
        return execution;
    }

    /** The block of the last block step started, with the environments it saw. */
    public TestBody body() {
        return body;
    }

    public RecordingStepContext context() {
        return context;
    }

    /** See {@link BufferListener#holdAfterLine}: the build console holds the step where it writes that line. */
    public java.util.concurrent.CountDownLatch holdConsoleAfter(String linePrefix) {
        return listener.holdAfterLine(linePrefix);
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

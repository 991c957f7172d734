package io.mlopsbridge.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One run of {@code bin/demo}, started as a terminal would start a job: in its own process group (setsid), so that
 * {@link #interrupt()} is exactly Ctrl-C. The CLI runs from the test's class path ({@code MLOPS_CLASSPATH}), since
 * the jar is packaged only after the tests. While it runs, every process it started is sampled, so that a test can
 * check none is left behind.
 */
final class DemoRun {
    private final Process process;
    private final Path output;
    private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
    private final Thread sampler;

    private DemoRun(Process process, Path output) {
        this.process = process;
        this.output = output;
        this.sampler = new Thread(this::sample, "demo-process-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static DemoRun start(Path repoRoot, Path output, String... args) {
        return startScript(repoRoot.resolve("bin/demo"), repoRoot, output, args);
    }

    /** Any script, watched the same way (the watcher's own test uses a script that leaves a process behind). */
    static DemoRun startScript(Path script, Path directory, Path output, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("setsid", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("MLOPS_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().remove("MLFLOW_TRACKING_URI");
        try {
            return new DemoRun(builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + script, e);
        }
    }

    private void sample() {
        while (process.isAlive()) {
            process.descendants().forEach(seen::add);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits for the demo to end and returns its exit code; fails the test when it takes longer than timeout. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("bin/demo did not finish within " + timeout + "; its output:\n" + output());
        }
        sampler.join();
        return process.exitValue();
    }

    /** Ctrl-C: SIGINT to the demo's whole process group. */
    void interrupt() throws IOException, InterruptedException {
        long group = process.pid(); // setsid made the demo the leader of a new group
        new ProcessBuilder("kill", "-INT", "--", "-" + group).inheritIO().start().waitFor();
    }

    /** Waits until condition holds while the demo runs; fails when the demo ends first or time runs out. */
    void awaitWhileRunning(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("bin/demo never reached: " + what + "; its output:\n" + output());
            }
            Thread.sleep(200);
        }
    }

    /** Every process the demo started that is still alive a few seconds after it ended (none, if it cleaned up). */
    List<ProcessHandle> leftBehind(Duration grace) throws InterruptedException {
        Instant deadline = Instant.now().plus(grace);
        while (Instant.now().isBefore(deadline) && seen.stream().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(200);
        }
        return seen.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** How many processes the demo was seen running (the check above is only as good as this). */
    int processesSeen() {
        return seen.size();
    }

    static String describe(List<ProcessHandle> processes) {
        return String.join("\n", processes.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e.getMessage() + ")";
        }
    }
}

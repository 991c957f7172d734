package io.mlopsbridge.library;

import groovy.lang.Closure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A build's agent for pipeline tests: a real workspace folder and a real {@code /bin/sh}, so a var's {@code sh}
 * step really runs the command line. The environment a command sees is what Jenkins would give it: the build's
 * variables, then whatever {@code withEnv} and {@code withCredentials} bound around the step. Everything the
 * commands print lands in {@link #console()}, unmasked, so a test can prove a secret never reached it.
 */
final class Agent {
    private static final long SH_TIMEOUT_MINUTES = 10;

    private final Path workspace;
    private final Map<String, String> buildEnvironment = new LinkedHashMap<>();
    private final Deque<Map<String, String>> bound = new ArrayDeque<>();
    private final StringBuilder console = new StringBuilder();

    Agent(Path workspace) {
        this.workspace = workspace;
        buildEnvironment.put("WORKSPACE", workspace.toString());
    }

    Path workspace() {
        return workspace;
    }

    /** A variable every step of the build sees, as Jenkins sets JOB_NAME or an {@code environment {}} block does. */
    Agent env(String name, String value) {
        buildEnvironment.put(name, value);
        return this;
    }

    Map<String, String> buildEnvironment() {
        return buildEnvironment;
    }

    /** Runs {@code body} with {@code variables} added to every command's environment, as {@code withEnv} does. */
    Object with(Map<String, String> variables, Closure<?> body) {
        bound.push(variables);
        try {
            return body.call();
        } finally {
            bound.pop();
        }
    }

    /** {@code sh}: runs the script with /bin/sh in the workspace; the exit code, stdout or nothing as asked. */
    Object sh(Map<?, ?> step) {
        String script = String.valueOf(step.get("script"));
        boolean returnStatus = Boolean.TRUE.equals(step.get("returnStatus"));
        boolean returnStdout = Boolean.TRUE.equals(step.get("returnStdout"));
        console.append("+ ").append(script).append('\n');
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script).directory(workspace.toFile());
        Path stderr = null;
        if (returnStdout) {
            stderr = tempFile();
            builder.redirectError(stderr.toFile());
        } else {
            builder.redirectErrorStream(true);
        }
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("MLFLOW_") || k.startsWith("KFP_") || k.equals("KUBECONFIG")
                || k.startsWith("MLOPS_"));
        environment.putAll(buildEnvironment);
        List<Map<String, String>> layers = new ArrayList<>(bound);
        for (int i = layers.size() - 1; i >= 0; i--) {
            environment.putAll(layers.get(i));
        }
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String stdout = read(process.getInputStream());
            if (!process.waitFor(SH_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new PipelineFailure("sh step did not end within " + SH_TIMEOUT_MINUTES + " minutes: " + script);
            }
            if (stderr != null) {
                console.append(Files.readString(stderr));
                Files.delete(stderr);
            } else {
                console.append(stdout);
            }
            int code = process.exitValue();
            if (returnStatus) {
                return code;
            }
            if (code != 0) {
                throw new PipelineFailure("script returned exit code " + code);
            }
            return returnStdout ? stdout : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("interrupted");
        }
    }

    private Path tempFile() {
        try {
            Files.createDirectories(tmp());
            return Files.createTempFile(tmp(), "sh-stderr", ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A workspace-relative or absolute path, as {@code writeFile} and {@code readFile} take them. */
    Path resolve(String file) {
        return workspace.resolve(file);
    }

    void writeFile(String file, String text) {
        try {
            Path path = resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String readFile(String file) {
        try {
            return Files.readString(resolve(file));
        } catch (IOException e) {
            throw new PipelineFailure("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The build's temporary folder beside the workspace ({@code pwd(tmp: true)}). */
    Path tmp() {
        return workspace.resolveSibling(workspace.getFileName() + "@tmp");
    }

    void log(String line) {
        console.append(line).append('\n');
    }

    String console() {
        return console.toString();
    }
}

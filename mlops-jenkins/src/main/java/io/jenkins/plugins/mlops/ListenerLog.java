package io.jenkins.plugins.mlops;

import hudson.model.TaskListener;
import io.mlopsbridge.log.BuildLog;
import java.util.Objects;

/**
 * The engine's log on a build's console. Never used bare: {@link StepEnvironment#log} wraps it in the engine's
 * masking log, so every line is masked before it reaches the console.
 */
final class ListenerLog implements BuildLog {
    private final TaskListener listener;

    ListenerLog(TaskListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void info(String line) {
        listener.getLogger().println("[mlops] " + line);
    }

    @Override
    public void warn(String line) {
        listener.getLogger().println("[mlops] WARNING: " + line);
    }
}

package io.mlopsbridge.deploy;

import io.mlopsbridge.log.BuildLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every line, so tests can check what a user would read. */
final class RecordingLog implements BuildLog {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String line) {
        lines.add(line);
    }

    @Override
    public void warn(String line) {
        lines.add("WARNING: " + line);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    String text() {
        return String.join("\n", lines);
    }
}

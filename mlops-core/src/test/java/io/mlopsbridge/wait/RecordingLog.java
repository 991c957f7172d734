package io.mlopsbridge.wait;

import io.mlopsbridge.log.BuildLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every line, warnings prefixed with "WARN "; public for the waits of other packages (a KFP run). */
public final class RecordingLog implements BuildLog {
    public final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String line) {
        lines.add(line);
    }

    @Override
    public void warn(String line) {
        lines.add("WARN " + line);
    }
}

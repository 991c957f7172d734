package io.mlopsbridge.cli;

import io.mlopsbridge.log.BuildLog;
import java.io.PrintStream;

/**
 * The CLI's log: progress goes to stderr so that stdout carries only the result (plain or {@code --json}) and can
 * be piped. Wrapped in a masking log by {@link CliContext} before any engine code sees it.
 */
final class TerminalLog implements BuildLog {
    private final PrintStream err;

    TerminalLog(PrintStream err) {
        this.err = err;
    }

    @Override
    public void info(String line) {
        err.println(line);
    }

    @Override
    public void warn(String line) {
        err.println("WARNING: " + line);
    }
}

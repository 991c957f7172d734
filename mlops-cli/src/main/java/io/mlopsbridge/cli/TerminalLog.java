package io.mlopsbridge.cli;

import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.core.QuotedInput;
import java.io.PrintStream;

/**
 * The CLI's log: progress goes to stderr so that stdout carries only the result (plain or {@code --json}) and can
 * be piped. Wrapped in a masking log by {@link CliContext} before any engine code sees it. Lines name the user's
 * inputs (a CSV header's column names), so control characters are escaped as in the drift table: an escape sequence
 * would recolour or rewrite the terminal, a line break forge another line.
 */
final class TerminalLog implements BuildLog {
    private final PrintStream err;

    TerminalLog(PrintStream err) {
        this.err = err;
    }

    @Override
    public void info(String line) {
        err.println(QuotedInput.escaped(line));
    }

    @Override
    public void warn(String line) {
        err.println("WARNING: " + QuotedInput.escaped(line));
    }

    /** The user's own program's line, as written (its colours, say); masked before it gets here. */
    @Override
    public void relay(String line) {
        err.println(line);
    }
}

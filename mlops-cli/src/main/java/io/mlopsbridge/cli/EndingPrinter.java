package io.mlopsbridge.cli;

import io.mlopsbridge.log.SecretMasker;
import io.mlopsbridge.core.QuotedInput;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Prints how a command ended when it threw, in the one way every command shares: the error on stderr (one line,
 * then the hint indented), the stack trace only with {@code --debug} or {@code MLOPS_DEBUG=1}, and with
 * {@code --json} exactly one {@link ErrorResult} object on stdout. Everything goes through the context's masker.
 * Messages quote the user's inputs (column names from a CSV header), so control characters are escaped as the log
 * escapes them; the hint's own line breaks stay lines.
 */
final class EndingPrinter {
    private final CliContext context;

    EndingPrinter(CliContext context) {
        this.context = context;
    }

    /** Prints the ending of {@code error} on the command line's writers and returns the exit code. */
    int print(Throwable error, Invocation invocation, PrintWriter out, PrintWriter err) {
        ErrorResult result = ErrorResult.of(error, invocation, context.takeResult().orElse(null),
                SignalCancellation.exitCode(context.cancellation().reason().orElse("")));
        SecretMasker masker = context.masker();
        // An abort is one line saying what was cancelled and cleaned up, not an error.
        err.println((result.status() == EndingStatus.ABORTED ? "aborted: " : "error: ")
                + QuotedInput.escaped(masker.mask(result.message())));
        if (result.hint() != null) {
            for (String line : result.hint().split("\n")) {
                err.println("  " + QuotedInput.escaped(masker.mask(line)));
            }
        }
        if (invocation.debug()) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            err.print(masker.mask(trace.toString()));
        }
        err.flush();
        if (invocation.json()) {
            context.printJson(out, result.toJson());
        }
        return result.exitCode();
    }
}

package io.mlopsbridge.cli;

import io.mlopsbridge.log.SecretMasker;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Prints how a command ended when it threw, in the one way every command shares: the error on stderr (one line,
 * then the hint indented), the stack trace only with {@code --debug} or {@code MLOPS_DEBUG=1}, and with
 * {@code --json} exactly one {@link ErrorResult} object on stdout. Everything goes through the context's masker.
 */
final class EndingPrinter {
    private final CliContext context;

    EndingPrinter(CliContext context) {
        this.context = context;
    }

    /** Prints the ending of {@code error} on the command line's writers and returns the exit code. */
    int print(Throwable error, Invocation invocation, PrintWriter out, PrintWriter err) {
        ErrorResult result = ErrorResult.of(error, invocation, context.takeResult().orElse(null));
        SecretMasker masker = context.masker();
        if (result.status() == EndingStatus.ABORTED) {
            // One line: what was cancelled and what was cleaned up (the message already starts "aborted:" or not).
            String message = masker.mask(result.message());
            err.println(message.startsWith("aborted") ? message : "aborted: " + message);
        } else {
            err.println("error: " + masker.mask(result.message()));
        }
        if (result.hint() != null) {
            result.hint().lines().forEach(line -> err.println("  " + masker.mask(line)));
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
        return result.status() == EndingStatus.ABORTED
                ? SignalCancellation.exitCode(context.cancellation().reason().orElse(""))
                : result.exitCode();
    }
}

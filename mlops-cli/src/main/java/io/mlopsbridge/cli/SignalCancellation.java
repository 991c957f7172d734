package io.mlopsbridge.cli;

import io.mlopsbridge.core.Cancellation;
import java.util.Map;
import sun.misc.Signal;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM (a CI system stopping the job) into a cancel of the running operation, instead
 * of the JVM's default of exiting at once: the operation then terminates what it started and the command exits
 * 130 or 143 with one line saying what was cleaned up. A second signal during that cleanup exits at once (the
 * user insists); the first one's cleanup may then be cut short.
 */
final class SignalCancellation {
    /** The shell's convention: 128 + the signal number. */
    static final Map<String, Integer> EXIT_CODES = Map.of("SIGINT", 130, "SIGTERM", 143);

    private SignalCancellation() {
    }

    /** Cancels {@code cancellation} on SIGINT or SIGTERM; its reason is the signal's name. */
    static void install(Cancellation cancellation) {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> {
                String reason = "SIG" + signal.getName();
                if (cancellation.isCancelled()) {
                    Runtime.getRuntime().halt(exitCode(reason));
                }
                cancellation.cancel(reason);
            });
        }
    }

    /** 130 after SIGINT, 143 after SIGTERM; 130 for a cancel from anywhere else (an interrupt, like Ctrl-C). */
    static int exitCode(String reason) {
        return EXIT_CODES.getOrDefault(reason, 130);
    }
}

package io.mlopsbridge.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@code mlops} as {@link MlopsCommand#main} runs it, signal handling included, except that the thread writing the
 * first log line that starts with {@code $HELD_LINE} is held after writing it, until interrupted or for
 * {@link #HOLD_SECONDS}: a test then knows where the command is when it sends a signal. Only an interrupt of that
 * thread (what a cancel must do to a read) lets the command go on at once.
 */
public final class HeldLineMlops {
    static final String HELD_LINE = "HELD_LINE";
    static final long HOLD_SECONDS = 30;

    private HeldLineMlops() {
    }

    public static void main(String[] args) {
        PrintStream err = new PrintStream(new HoldingStream(System.err, System.getenv(HELD_LINE)), true,
                StandardCharsets.UTF_8);
        CliContext context = new CliContext(System.getenv(), System.out, err);
        SignalCancellation.install(context.cancellation());
        System.exit(MlopsCommand.execute(context, args));
    }

    /** Passes lines through; holds after the first that starts with the prefix. */
    private static final class HoldingStream extends OutputStream {
        private final PrintStream out;
        private final String prefix;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private boolean held;

        HoldingStream(PrintStream out, String prefix) {
            this.out = out;
            this.prefix = prefix;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            line.write(b);
            if (b != '\n') {
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            out.print(text);
            out.flush();
            if (!held && prefix != null && text.startsWith(prefix)) {
                held = true;
                hold();
            }
        }

        private static void hold() {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(HOLD_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // as it arrived: the command goes on to notice it
            }
        }
    }
}

package io.jenkins.plugins.mlops.harness;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The console's bytes: written through to the buffer, a line at a time checked for the line to hold after. */
final class HeldLine extends OutputStream {
    private static final long HOLD_SECONDS = 30;

    private final ByteArrayOutputStream buffer;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile String prefix;
    private volatile CountDownLatch holding;

    HeldLine(ByteArrayOutputStream buffer) {
        this.buffer = buffer;
    }

    CountDownLatch holdAfter(String linePrefix) {
        holding = new CountDownLatch(1);
        prefix = linePrefix;
        return holding;
    }

    @Override
    public void write(int b) {
        buffer.write(b);
        line.write(b);
        if (b != '\n') {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (prefix != null && text.startsWith(prefix)) {
            prefix = null;
            holding.countDown();
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(HOLD_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // as it arrived: the step goes on to notice it
            }
        }
    }
}

package io.jenkins.plugins.mlops.harness;

import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A build console that keeps everything written to it. Sent to an "agent" inside a callable (the test FilePath
 * round-trips callables through Java serialization), it arrives as the same console, as remoting exports a
 * listener's stream to the agent: what the agent writes lands in this buffer.
 */
public final class BufferListener implements TaskListener {
    private static final long serialVersionUID = 1L;
    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<Long, WeakReference<BufferListener>> EXPORTED = new ConcurrentHashMap<>();

    private final transient ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final transient HeldLine held = new HeldLine(buffer);
    private final transient PrintStream logger = new PrintStream(held, true, StandardCharsets.UTF_8);
    private final transient long id = IDS.incrementAndGet();

    @Override
    public PrintStream getLogger() {
        return logger;
    }

    /**
     * Holds the thread that writes the first line starting with {@code prefix}, once it is written, until that thread
     * is interrupted (as {@code stop()} interrupts a step's thread) or 30 s have passed: a test then knows where the
     * step is when it stops it. The latch opens when the hold begins.
     */
    public CountDownLatch holdAfterLine(String prefix) {
        return held.holdAfter(prefix);
    }

    public String text() {
        synchronized (buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    @Serial
    private Object writeReplace() {
        EXPORTED.put(id, new WeakReference<>(this));
        return new Exported(id);
    }

    /** What crosses the channel: a reference to the console on the controller. */
    private record Exported(long id) implements Serializable {
        @Serial
        private Object readResolve() {
            WeakReference<BufferListener> console = EXPORTED.get(id);
            BufferListener listener = console == null ? null : console.get();
            if (listener == null) {
                throw new IllegalStateException("the console of this callable is gone");
            }
            return listener;
        }
    }
}

package io.jenkins.plugins.mlops.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * Finds the thread that runs a given engine class once it is blocked reading a server's answer from a socket. A test
 * of an abort while a server hangs interrupts or stops only then: an interrupt arriving before the read began would
 * be seen by OkHttp at once, which is not the case such a test is about.
 */
public final class BlockedReads {
    private BlockedReads() {
    }

    /** The thread running {@code className} once it is in a socket read; fails after {@code timeout}. */
    public static Thread awaitThreadReading(String className, Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
                if (runs(thread.getValue(), className) && inSocketRead(thread.getValue())) {
                    return thread.getKey();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no thread running " + className + " was seen blocked in a socket read");
    }

    /** Whether {@code thread} still runs {@code className}. */
    public static boolean stillRuns(Thread thread, String className) {
        return thread.isAlive() && runs(thread.getStackTrace(), className);
    }

    private static boolean inSocketRead(StackTraceElement[] stack) {
        return Arrays.stream(stack).limit(8).anyMatch(frame -> frame.getMethodName().contains("read")
                && (frame.getClassName().startsWith("sun.nio.ch") || frame.getClassName().startsWith("java.net")));
    }

    private static boolean runs(StackTraceElement[] stack, String className) {
        return Arrays.stream(stack).anyMatch(frame -> frame.getClassName().equals(className));
    }
}

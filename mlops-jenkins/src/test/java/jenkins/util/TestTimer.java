package jenkins.util;

/** Test-only: what a controller restart does to Jenkins' timer (reaches the subset's package-private hook). */
public final class TestTimer {
    private TestTimer() {
    }

    /** Every scheduled task is gone, as when the JVM stops; the next {@link Timer#get()} is a fresh pool. */
    public static void restart() {
        Timer.restart();
    }

    /** Threads the timer pool has started so far (it never shrinks below its core size). */
    public static int threads() {
        return Timer.poolSize();
    }
}

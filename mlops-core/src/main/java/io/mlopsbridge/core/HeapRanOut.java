package io.mlopsbridge.core;

/**
 * The heap running out while reading a user's file (data, a saved profile) is the input's doing, not a defect: it
 * becomes an input error naming the file, with the way to give the JVM more heap.
 */
public final class HeapRanOut {
    private HeapRanOut() {
    }

    /** The input error for the heap running out while reading {@code input}, e.g. "profile ref.profile.json". */
    public static MlopsException whileReading(String input) {
        return MlopsException.input("the Java heap ran out while reading " + input,
                "raise the heap, e.g. MLOPS_JAVA_OPTS=-Xmx4g for the mlops command (on a Jenkins agent, its -Xmx)");
    }
}

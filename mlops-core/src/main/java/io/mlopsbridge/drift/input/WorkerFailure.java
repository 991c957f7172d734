package io.mlopsbridge.drift.input;

import io.mlopsbridge.core.HeapRanOut;
import io.mlopsbridge.core.MlopsException;

/**
 * What a failure on a worker thread of a read (the reader, a parser, a part) becomes on the thread that waits for it.
 * Every {@link Throwable} is handed over, an {@link Error} too: a worker that dies silently leaves its consumer waiting
 * for ever. The heap running out while reading is the input's doing (most often one very long line, or a quote left
 * open so that the rest of the file is one field), so it becomes an input error naming the file.
 */
public final class WorkerFailure {
    private WorkerFailure() {
    }

    /**
     * The exception to throw for {@code cause} on the waiting thread; an {@link Error} other than the heap running out
     * is thrown as it is. {@code input} names what was read, e.g. "current file data/cur.csv".
     */
    public static RuntimeException of(Throwable cause, String input) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof OutOfMemoryError) {
            return heapExhausted(input);
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(cause);
    }

    /** The input error for the heap running out while reading the data {@code input}. */
    public static MlopsException heapExhausted(String input) {
        return HeapRanOut.whileReading(input + " (a very long line, or a quote left open?)");
    }
}

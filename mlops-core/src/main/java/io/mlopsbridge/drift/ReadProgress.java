package io.mlopsbridge.drift;

/**
 * Where a long read reports how far it got. Front ends show it (the CLI as a line on stderr); the engine only
 * reports. {@link #none()} shows nothing.
 */
@FunctionalInterface
public interface ReadProgress {
    /** One read of one input. Called from the thread that consumes the batches, in order. */
    interface Reporter {
        /** {@code bytes} more of the input read (0 when unknown) and {@code rows} more rows. */
        void advance(long bytes, long rows);

        /** The read ended (normally or not): remove what {@link #advance} showed. */
        void finish();
    }

    /**
     * Starts reporting a read.
     *
     * @param what e.g. {@code reading current cur.csv}
     * @param totalBytes size of the input, or -1 when unknown
     */
    Reporter start(String what, long totalBytes);

    static ReadProgress none() {
        return (what, total) -> new Reporter() {
            @Override
            public void advance(long bytes, long rows) {
            }

            @Override
            public void finish() {
            }
        };
    }
}

package io.mlopsbridge.library;

/** What Jenkins' {@code error} step throws (an {@code AbortException} there): the build stops with this message. */
public final class PipelineFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PipelineFailure(String message) {
        super(message);
    }
}

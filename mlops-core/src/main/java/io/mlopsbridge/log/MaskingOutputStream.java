package io.mlopsbridge.log;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Masks a byte stream of UTF-8 text (a build step's console, a process's output) with a {@link SecretMasker}, line
 * by line: bytes are held until the end of their line so that a secret written in two pieces is still seen whole.
 * {@link #flush()} therefore passes on only complete lines (a {@code PrintStream} flushes after every write); the
 * unfinished last line goes out, masked, on {@link #close()}. A line longer than {@link #MAX_LINE} bytes is passed
 * on in pieces of that size, so output without line breaks cannot grow the buffer without bound.
 */
public final class MaskingOutputStream extends OutputStream {
    /** Far longer than any console line or secret; only a stream without line breaks reaches it. */
    public static final int MAX_LINE = 64 * 1024;

    private final OutputStream target;
    private final SecretMasker masker;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public MaskingOutputStream(OutputStream target, SecretMasker masker) {
        this.target = Objects.requireNonNull(target, "target");
        this.masker = Objects.requireNonNull(masker, "masker");
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n' || line.size() >= MAX_LINE) {
            emitLine();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n' || line.size() + (i - start + 1) >= MAX_LINE) {
                line.write(bytes, start, i - start + 1);
                emitLine();
                start = i + 1;
            }
        }
        line.write(bytes, start, end - start);
    }

    /** Passes on what complete lines went out; an unfinished line waits for its end (see the class comment). */
    @Override
    public synchronized void flush() throws IOException {
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            emitLine();
            target.flush();
        } finally {
            target.close();
        }
    }

    private void emitLine() throws IOException {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        target.write(masker.mask(text).getBytes(StandardCharsets.UTF_8));
    }
}

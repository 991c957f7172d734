package io.mlopsbridge.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses connections for as long as this is open: it is bound by a socket that never listens,
 * so connecting gets "connection refused" and no other server can bind it meanwhile. Unlike a port found free and
 * released ({@link FreeLoopbackPort}), nothing can start listening there between the pick and the test's connect.
 */
public final class RefusingLoopbackPort implements AutoCloseable {
    private final Socket holder;

    private RefusingLoopbackPort(Socket holder) {
        this.holder = holder;
    }

    public static RefusingLoopbackPort open() {
        Socket socket = new Socket();
        try {
            socket.setReuseAddress(false); // keeps servers that ask for SO_REUSEADDR off the port too
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new RefusingLoopbackPort(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing was bound
            }
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    public int port() {
        return holder.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        try {
            holder.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

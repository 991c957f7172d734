package io.mlopsbridge.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback port that accepts connections and counts them, answering nothing. Counting connections rather than
 * HTTP requests also catches a client that only probes the port (as {@code ClusterAccess} does before it sends
 * anything), so a test can assert that an input error came before any contact at all.
 */
public final class ListeningLoopbackPort implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    private ListeningLoopbackPort(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::accept, "listening-loopback-port-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static ListeningLoopbackPort open() {
        try {
            return new ListeningLoopbackPort(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket ignored = server.accept()) {
                connections.incrementAndGet();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** {@code https://127.0.0.1:<port>}, as an API server URL would be written. */
    public String httpsUrl() {
        return "https://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted since the port was opened. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

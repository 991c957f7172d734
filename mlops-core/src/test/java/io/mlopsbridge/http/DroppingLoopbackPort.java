package io.mlopsbridge.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port where a connect neither succeeds nor is refused, as at an address whose firewall drops packets: a
 * listener with a backlog of one that never accepts, its accept queue filled, so Linux drops every further SYN and the
 * connect waits for its timeout. {@link #open} checks that a connect really hangs here before any test relies on it.
 * Linux only: {@link #awaitConnectAttempt} reads the kernel's socket table.
 */
public final class DroppingLoopbackPort implements AutoCloseable {
    private static final int MAX_FILLERS = 8;
    private static final int HANG_CHECK_MILLIS = 200;
    private static final String SYN_SENT = "02";

    private final ServerSocket server;
    private final List<Socket> fillers = new ArrayList<>();

    private DroppingLoopbackPort(ServerSocket server) {
        this.server = server;
    }

    public static DroppingLoopbackPort open() {
        DroppingLoopbackPort port;
        try {
            port = new DroppingLoopbackPort(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
        try {
            if (port.fillAcceptQueue()) {
                return port;
            }
        } catch (IOException e) {
            port.close();
            throw new UncheckedIOException("cannot fill the accept queue of a loopback port", e);
        }
        port.close();
        throw new IllegalStateException("connects to a full accept queue do not hang on this system");
    }

    /** Connects complete at once while the queue has room; true once one does not: the queue is full. */
    private boolean fillAcceptQueue() throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        while (fillers.size() < MAX_FILLERS) {
            Socket next = new Socket();
            try {
                next.connect(address, HANG_CHECK_MILLIS);
                fillers.add(next);
            } catch (SocketTimeoutException full) {
                next.close();
                return true;
            }
        }
        return false;
    }

    /** {@code https://127.0.0.1:<port>}, as an API server URL would be written. */
    public String httpsUrl() {
        return "https://127.0.0.1:" + server.getLocalPort();
    }

    /** Waits until some socket on this machine is trying to connect here (its SYN unanswered); false at the timeout. */
    public boolean awaitConnectAttempt(Duration timeout) throws InterruptedException {
        String remote = String.format(":%04X", server.getLocalPort());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (connectingSockets(remote) > 0) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Sockets in SYN_SENT towards {@code remotePort} (IPv4 and, as Java's dual-stack sockets are, IPv6). */
    private static long connectingSockets(String remotePort) {
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                count += Files.readAllLines(Path.of(table)).stream().skip(1).map(line -> line.trim().split("\\s+"))
                        .filter(fields -> fields[2].endsWith(remotePort) && SYN_SENT.equals(fields[3])).count();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + table, e);
            }
        }
        return count;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // a test fixture's socket; nothing to report
        }
    }

    @Override
    public void close() {
        fillers.forEach(DroppingLoopbackPort::closeQuietly);
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

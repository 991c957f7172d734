package io.mlopsbridge.mlflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a real server that breaks connections on cue: when a request line contains a marker
 * (e.g. {@code POST /api/2.0/mlflow/model-versions/create}), it forwards the request, lets the server act on it,
 * then resets the client's connection before any answer arrives. That is the worst case for a client: the server
 * did the work and the client cannot know. Everything else is forwarded untouched.
 */
public final class FaultProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final String marker;
    private final AtomicInteger faultsLeft;
    private final AtomicInteger faultsInjected = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });

    /** After the first fault, every request is dropped unforwarded: the client process "died" right there. */
    private final boolean dieAtFault;
    private volatile boolean dead;

    /** Resets the connection after forwarding each of the first {@code faults} requests containing {@code marker}. */
    public FaultProxy(URI target, String marker, int faults) throws IOException {
        this(target, marker, faults, false);
    }

    private FaultProxy(URI target, String marker, int faults, boolean dieAtFault) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = target.getPort();
        this.marker = marker;
        this.faultsLeft = new AtomicInteger(faults);
        this.dieAtFault = dieAtFault;
        threads.submit(this::acceptLoop);
    }

    /**
     * Forwards everything until the first request containing {@code marker}, lets the server act on it, then
     * breaks that connection and drops every later request unforwarded, retries included: what the server sees when
     * the client is killed right after that request.
     */
    public static FaultProxy killedAfter(URI target, String marker) throws IOException {
        return new FaultProxy(target, marker, 1, true);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** How many connections were broken after the server had the request. */
    public int faultsInjected() {
        return faultsInjected.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                AtomicBoolean swallowAnswers = new AtomicBoolean();
                threads.submit(() -> pumpRequests(client, server, swallowAnswers));
                threads.submit(() -> pumpAnswers(server, client, swallowAnswers));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pumpRequests(Socket client, Socket server, AtomicBoolean swallowAnswers) {
        byte[] buffer = new byte[64 * 1024];
        try (client; server) {
            InputStream in = client.getInputStream();
            OutputStream out = server.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (dead) {
                    client.setSoLinger(true, 0);
                    return;
                }
                String chunk = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                boolean inject = chunk.contains(marker) && faultsLeft.getAndDecrement() > 0;
                if (inject) {
                    swallowAnswers.set(true);
                    dead = dieAtFault;
                }
                out.write(buffer, 0, n);
                out.flush();
                if (inject) {
                    breakAfterServerActed(client, server);
                    return;
                }
            }
        } catch (IOException ignored) {
            // one side closed: the other pump ends too
        }
    }

    /** Gives the server time to act on the request (its answer is swallowed), then resets the client's connection. */
    private void breakAfterServerActed(Socket client, Socket server) throws IOException {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.setSoLinger(true, 0); // RST instead of FIN: the client sees "connection reset"
        client.close();
        faultsInjected.incrementAndGet();
    }

    private void pumpAnswers(Socket from, Socket to, AtomicBoolean swallow) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (swallow.get()) {
                    continue;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (SocketException ignored) {
            // reset or closed by the other pump
        } catch (IOException ignored) {
            // same
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdownNow();
    }
}

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
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a real server that breaks connections on cue: when a request line contains a marker
 * (e.g. {@code POST /api/2.0/mlflow/model-versions/create}), it forwards the request, lets the server act on it,
 * then resets the client's connection before any answer arrives. That is the worst case for a client: the server
 * did the work and the client cannot know. Everything else is forwarded untouched.
 */
public final class FaultProxy implements AutoCloseable {
    /**
     * Only bounds a hang: the connection is broken as soon as the server starts answering (it has acted then), or
     * after this long if it never answers.
     */
    private static final Duration SERVER_ACTS_WITHIN = Duration.ofSeconds(60);

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
                Injection injection = new Injection();
                threads.submit(() -> pumpRequests(client, server, injection));
                threads.submit(() -> pumpAnswers(server, client, injection));
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * One connection's fault: once armed, the server's answer is swallowed, and its first bytes tell that the server
     * has acted on the request (it answers only after acting).
     */
    private static final class Injection {
        private volatile boolean armed;
        private final CountDownLatch serverAnswered = new CountDownLatch(1);

        void arm() {
            armed = true;
        }

        boolean armed() {
            return armed;
        }

        void answerSwallowed() {
            serverAnswered.countDown();
        }

        void awaitServerActed() throws InterruptedException {
            serverAnswered.await(SERVER_ACTS_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void pumpRequests(Socket client, Socket server, Injection injection) {
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
                    injection.arm();
                    dead = dieAtFault;
                }
                out.write(buffer, 0, n);
                out.flush();
                if (inject) {
                    breakAfterServerActed(client, injection);
                    return;
                }
            }
        } catch (IOException ignored) {
            // one side closed: the other pump ends too
        }
    }

    /** Waits until the server acted on the request (its answer begins; it is swallowed), then resets the client. */
    private void breakAfterServerActed(Socket client, Injection injection) throws IOException {
        try {
            injection.awaitServerActed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.setSoLinger(true, 0); // RST instead of FIN: the client sees "connection reset"
        client.close();
        faultsInjected.incrementAndGet();
    }

    private void pumpAnswers(Socket from, Socket to, Injection injection) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (injection.armed()) {
                    injection.answerSwallowed();
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

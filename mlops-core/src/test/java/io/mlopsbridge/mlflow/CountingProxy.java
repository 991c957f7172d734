package io.mlopsbridge.mlflow;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * An HTTP forwarder in front of a real server that records each request it passes on ({@code METHOD path}), so a
 * test can count the calls an operation makes over the wire, whatever client-side retries or caches do; it can also
 * rewrite the server's answers to some paths, to show states the real server passes through too fast to observe.
 */
public final class CountingProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "keep-alive", "accept-encoding",
            "transfer-encoding", "upgrade", "expect");

    private final URI target;
    private final HttpServer server;
    private final HttpClient forward = HttpClient.newHttpClient();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, UnaryOperator<String>> rewrites = new ConcurrentHashMap<>();
    private final List<AfterAnswer> afterAnswers = new CopyOnWriteArrayList<>();

    /** A one-shot action run when the server has answered the first request matching a line and a body part. */
    private record AfterAnswer(String requestLine, String bodyPart, Runnable action,
                               AtomicBoolean done) {
        boolean claims(String line, String body) {
            return line.equals(requestLine) && body.contains(bodyPart) && done.compareAndSet(false, true);
        }
    }

    public CountingProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** {@code METHOD path} of every request forwarded since the last {@link #clear()}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public void clear() {
        requests.clear();
    }

    /** Passes the body of every answer to a request whose path ends with {@code pathEnding} through {@code rewrite}. */
    public void rewriteAnswers(String pathEnding, UnaryOperator<String> rewrite) {
        rewrites.put(pathEnding, rewrite);
    }

    /**
     * Runs {@code action} once, after the server has acted on and answered the first request {@code METHOD path}
     * whose body contains {@code bodyPart}, and before that answer reaches the client: another writer acting at
     * exactly that moment, e.g. a rival build moving the alias between our move and our read-back.
     */
    public void afterAnswerTo(String requestLine, String bodyPart, Runnable action) {
        afterAnswers.add(new AfterAnswer(requestLine, bodyPart, action, new AtomicBoolean()));
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String pathAndQuery = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            String requestLine = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            requests.add(requestLine);
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String bodyText = new String(body, StandardCharsets.UTF_8);
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(pathAndQuery))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            for (AfterAnswer after : afterAnswers) {
                if (after.claims(requestLine, bodyText)) {
                    after.action().run();
                }
            }
            byte[] answer = response.body();
            for (Map.Entry<String, UnaryOperator<String>> rewrite : rewrites.entrySet()) {
                if (exchange.getRequestURI().getRawPath().endsWith(rewrite.getKey())) {
                    answer = rewrite.getValue().apply(new String(answer, StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                }
            }
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

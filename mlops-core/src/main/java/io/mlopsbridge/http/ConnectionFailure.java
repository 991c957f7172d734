package io.mlopsbridge.http;

import io.mlopsbridge.core.OneLine;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Why a request got no answer, in words for a message that already names the server: OkHttp's own messages
 * ({@code Failed to connect to /127.0.0.1:1}) repeat the address with a stray slash and do not say why.
 */
public final class ConnectionFailure {
    private ConnectionFailure() {
    }

    /** E.g. {@code connection refused}, {@code unknown host}, {@code TLS handshake failed (…)}. */
    public static String reason(IOException e) {
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (e instanceof ConnectException) {
            // OkHttp's "Failed to connect to …" wraps the JDK's reason ("Connection refused", "Network is unreachable").
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            return why == null || why.contains("refused") || why.startsWith("Failed to connect")
                    ? "connection refused" : "could not connect (" + OneLine.of(why) + ")";
        }
        if (e instanceof SSLException) {
            return "TLS handshake failed (" + OneLine.of(String.valueOf(e.getMessage())) + ")";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof InterruptedIOException) {
            return "interrupted";
        }
        // OkHttp's other messages name the URL redacted (no user info, query or fragment) if at all.
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : OneLine.of(message);
    }
}

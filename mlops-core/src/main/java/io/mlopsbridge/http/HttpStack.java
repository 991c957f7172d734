package io.mlopsbridge.http;

import io.mlopsbridge.core.Cancellation;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Builds the one OkHttp client configuration every remote client uses: timeouts on every call, retries with
 * backoff, authentication, and TLS verification left on (OkHttp's default trust store and hostname checks).
 */
public final class HttpStack {
    /**
     * Idle connections are dropped after 2 s, before servers drop them: uvicorn (MLflow 3's server) closes an idle
     * keep-alive connection after 5 s, gunicorn after 2 s. OkHttp probes a pooled connection only once it has been
     * idle for 10 s, and with its silent re-send turned off (below) a POST sent on a connection the server has just
     * closed fails with "unexpected end of stream", as seen between two registry calls 7 s apart.
     */
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(5, 2, TimeUnit.SECONDS)).build();

    private HttpStack() {
    }

    public static OkHttpClient client(HttpSettings settings, Credentials credentials) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(credentials, "credentials");
        // newBuilder() shares the connection pool and dispatcher between all clients of the process.
        return SHARED.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                // OkHttp would otherwise silently re-send a request, POSTs included, when a reused connection
                // breaks; that bypasses Idempotency.ONCE. RetryInterceptor decides about every retry instead.
                .retryOnConnectionFailure(false)
                .addInterceptor(new RetryInterceptor(settings))
                .addInterceptor(chain -> {
                    String header = credentials.authorizationHeader();
                    if (header == null) {
                        return chain.proceed(chain.request());
                    }
                    return chain.proceed(chain.request().newBuilder().header("Authorization", header).build());
                })
                .build();
    }

    /**
     * The same client, with every call tied to {@code cancellation}: once cancelled, nothing new is sent, and a
     * read in flight is cut off at once (OkHttp's {@code Call.cancel()}) instead of running to its read timeout.
     * A request that may create something ({@link Idempotency#ONCE}) already in flight is let finish: the caller
     * needs the created id to undo it, and a cut-off create would leave it running without one.
     */
    public static OkHttpClient cancellable(OkHttpClient client, Cancellation cancellation) {
        Objects.requireNonNull(cancellation, "cancellation");
        OkHttpClient.Builder builder = client.newBuilder();
        // First in the chain, so that a cancel also ends the retry interceptor's backoff between attempts.
        builder.interceptors().add(0, chain -> {
            if (cancellation.isCancelled()) {
                throw new InterruptedIOException("cancelled (" + cancellation.reason().orElse("") + ")");
            }
            if (RetryInterceptor.idempotency(chain.request()) == Idempotency.ONCE) {
                return chain.proceed(chain.request());
            }
            // Held until the body is closed, not only until the headers have come: a server can stop half-way
            // through a body, and the caller reads the body after this interceptor has returned.
            Cancellation.Registration registration = cancellation.onCancel(chain.call()::cancel);
            try {
                Response response = chain.proceed(chain.request());
                return response.newBuilder().body(new ReleasingBody(response.body(), registration)).build();
            } catch (IOException | RuntimeException e) {
                registration.close();
                throw e;
            }
        });
        return builder.build();
    }

    /** A response body that unregisters its call's cancel when it is closed (read to its end or given up). */
    private static final class ReleasingBody extends ResponseBody {
        private final ResponseBody body;
        private final BufferedSource source;

        ReleasingBody(ResponseBody body, Cancellation.Registration registration) {
            this.body = body;
            this.source = Okio.buffer(new ForwardingSource(body.source()) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        registration.close();
                    }
                }
            });
        }

        @Override
        public MediaType contentType() {
            return body.contentType();
        }

        @Override
        public long contentLength() {
            return body.contentLength();
        }

        @Override
        public BufferedSource source() {
            return source;
        }
    }
}

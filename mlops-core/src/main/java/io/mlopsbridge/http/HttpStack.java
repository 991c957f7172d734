package io.mlopsbridge.http;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

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
}

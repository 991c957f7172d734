package io.mlopsbridge.http;

import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Builds the one OkHttp client configuration every remote client uses: timeouts on every call, retries with
 * backoff, authentication, and TLS verification left on (OkHttp's default trust store and hostname checks).
 */
public final class HttpStack {
    private static final OkHttpClient SHARED = new OkHttpClient();

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

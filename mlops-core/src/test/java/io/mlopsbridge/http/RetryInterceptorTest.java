package io.mlopsbridge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetryInterceptorTest {
    private final MockWebServer server = new MockWebServer();
    private final List<Duration> sleeps = new ArrayList<>();
    private final HttpSettings settings = HttpSettings.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
            .withMaxAttempts(4)
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OkHttpClient client() {
        return new OkHttpClient.Builder()
                .readTimeout(settings.readTimeout())
                .addInterceptor(new RetryInterceptor(settings, () -> 0.5, sleeps::add))
                .build();
    }

    private Response get() throws IOException {
        return client().newCall(new Request.Builder().url(server.url("/api")).build()).execute();
    }

    private Response post(Idempotency idempotency) throws IOException {
        Request request = new Request.Builder().url(server.url("/api"))
                .post(RequestBody.create("{}", MediaType.get("application/json")))
                .tag(Idempotency.class, idempotency)
                .build();
        return client().newCall(request).execute();
    }

    @Test
    void retriesServerErrorsUntilSuccess() throws IOException {
        server.enqueue(new MockResponse.Builder().code(502).build());
        server.enqueue(new MockResponse.Builder().code(500).build());
        server.enqueue(new MockResponse.Builder().code(200).body("ok").build());

        try (Response response = get()) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void neverRetriesClientErrors() throws IOException {
        server.enqueue(new MockResponse.Builder().code(400).body("{\"error_code\":\"INVALID_PARAMETER_VALUE\"}").build());

        try (Response response = get()) {
            assertThat(response.code()).isEqualTo(400);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void givesUpAfterMaxAttemptsAndReturnsTheLastResponse() throws IOException {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse.Builder().code(503).build());
        }

        try (Response response = get()) {
            assertThat(response.code()).isEqualTo(503);
        }
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void backsOffExponentiallyWithJitter() throws IOException {
        server.enqueue(new MockResponse.Builder().code(503).build());
        server.enqueue(new MockResponse.Builder().code(503).build());
        server.enqueue(new MockResponse.Builder().code(503).build());
        server.enqueue(new MockResponse.Builder().code(200).build());

        get().close();

        // half fixed + half jitter (0.5 here): 100 → 75 ms, 200 → 150 ms, 400 → 300 ms
        assertThat(sleeps).containsExactly(Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofMillis(300));
    }

    @Test
    void honoursRetryAfterCappedAtMaxBackoff() throws IOException {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build());
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "120").build());
        server.enqueue(new MockResponse.Builder().code(200).build());

        get().close();

        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void retriesAOnceOnlyRequestWhenTheServerRefusedIt() throws IOException {
        server.enqueue(new MockResponse.Builder().code(429).build());
        server.enqueue(new MockResponse.Builder().code(503).build());
        server.enqueue(new MockResponse.Builder().code(200).build());

        try (Response response = post(Idempotency.ONCE)) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void doesNotResendAOnceOnlyRequestAfterAnInternalError() throws IOException {
        server.enqueue(new MockResponse.Builder().code(500).build());
        server.enqueue(new MockResponse.Builder().code(200).build());

        try (Response response = post(Idempotency.ONCE)) {
            assertThat(response.code()).isEqualTo(500);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void resendsARepeatableRequestAfterTheConnectionDropsMidResponse() throws IOException {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(new MockResponse.Builder().code(200).body("ok").build());

        try (Response response = post(Idempotency.REPEATABLE)) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void retriesConnectionRefusedThenReportsIt() throws IOException {
        try (RefusingLoopbackPort refusing = RefusingLoopbackPort.open()) {
            int closedPort = refusing.port();
            Request request = new Request.Builder().url("http://127.0.0.1:" + closedPort + "/api").build();

            assertThatThrownBy(() -> client().newCall(request).execute()).isInstanceOf(java.net.ConnectException.class);
            assertThat(sleeps).hasSize(3);
        }
    }
}

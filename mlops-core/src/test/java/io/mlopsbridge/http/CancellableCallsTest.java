package io.mlopsbridge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mlopsbridge.core.Cancellation;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Calls tied to a {@link Cancellation} ({@link HttpStack#cancellable}): a cancel cuts off a read in flight instead of
 * leaving it to its read timeout, also when the server has sent its headers and then stops sending the body (a
 * server that hangs half-way through an answer, or a large body still streaming).
 */
class CancellableCallsTest {
    /** Long, so that a read left to its timeout cannot pass for one cut off. */
    private static final OkHttpClient PATIENT = new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS).build();

    @Test
    void aCancelCutsOffTheReadOfABodyTheServerStoppedSending() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().body("{\"registered_model\": {\"name\": \"fraud-detector\"}}")
                    .onResponseBody(SocketEffect.Stall.INSTANCE).build());
            server.start();
            Cancellation cancellation = Cancellation.create();
            OkHttpClient client = HttpStack.cancellable(PATIENT, cancellation);

            try (Response response = client.newCall(new Request.Builder()
                    .url(server.url("/api/2.0/mlflow/registered-models/get?name=fraud-detector")).build()).execute()) {
                assertThat(response.code()).as("headers received").isEqualTo(200);
                cancellation.cancel("the build was aborted");

                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                        () -> response.body().string()).isInstanceOf(IOException.class));
            }
        }
    }
}

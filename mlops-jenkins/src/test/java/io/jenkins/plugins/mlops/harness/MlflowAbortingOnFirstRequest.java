package io.jenkins.plugins.mlops.harness;

import static org.assertj.core.api.Assertions.catchThrowable;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.TestExtensions;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * A Freestyle build step's {@code perform} on an executor thread of its own, aborted while MLflow is slow to answer
 * its first request: the executor is interrupted (as {@code Executor.interrupt} does) after the request has arrived
 * and before the answer's body does, which never comes; any later request gets an error. Jenkins is configured to
 * use this MLflow, without credentials.
 */
public final class MlflowAbortingOnFirstRequest {
    private MlflowAbortingOnFirstRequest() {
    }

    /**
     * What {@code perform} ended with (null if it returned) and each request MLflow received, as
     * {@code METHOD /path}.
     */
    public record Outcome(Throwable ended, List<String> received) {
    }

    /** Runs {@code perform} to its end on a thread named as Jenkins names executors; 60 s is a bound, not a timing. */
    public static Outcome perform(String executorName, ThrowingCallable perform) throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread executor = new Thread(() -> ended.complete(catchThrowable(perform)), executorName);
        List<String> received = new CopyOnWriteArrayList<>();
        try (MockWebServer mlflow = new MockWebServer()) {
            mlflow.setDispatcher(interruptingOnFirstRequest(executor, received));
            mlflow.start();
            TestCredentials.clear();
            TestExtensions.register(new MlopsConfiguration()).setMlflowUrl(mlflow.url("/").toString());
            executor.start();
            return new Outcome(ended.get(60, TimeUnit.SECONDS), received);
        }
    }

    private static Dispatcher interruptingOnFirstRequest(Thread executor, List<String> received) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                received.add(request.getMethod() + " " + request.getUrl().encodedPath());
                if (received.size() > 1) {
                    return new MockResponse.Builder().code(404)
                            .body("{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"not found\"}")
                            .build();
                }
                executor.interrupt();
                // Headers now, so the client is reading the body when the interrupt lands.
                return new MockResponse.Builder().body("{\"run\": {}}")
                        .onResponseBody(SocketEffect.Stall.INSTANCE).build();
            }
        };
    }
}

package io.mlopsbridge.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Retries 429, 5xx and connection failures with exponential backoff and jitter, honouring Retry-After.
 * 4xx other than 429 are never retried: they are the caller's mistake and will fail again.
 * Requests tagged {@link Idempotency#ONCE} are retried only when the server certainly did not act on them.
 */
final class RetryInterceptor implements Interceptor {
    private final HttpSettings settings;
    private final Backoff backoff;
    private final Sleeper sleeper;

    /** Pauses between attempts; replaced in tests to keep them fast. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedIOException;
    }

    RetryInterceptor(HttpSettings settings) {
        this(settings, () -> ThreadLocalRandom.current().nextDouble(), RetryInterceptor::sleepInterruptibly);
    }

    RetryInterceptor(HttpSettings settings, java.util.function.DoubleSupplier random, Sleeper sleeper) {
        this.settings = settings;
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), random);
        this.sleeper = sleeper;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        boolean repeatable = idempotency(request) == Idempotency.REPEATABLE;
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= settings.maxAttempts();
            Response response;
            try {
                response = chain.proceed(request);
            } catch (IOException e) {
                if (last || chain.call().isCanceled() || !retryable(e, repeatable) || !bodyReplayable(request)) {
                    throw e;
                }
                sleeper.sleep(backoff.delay(attempt));
                continue;
            }
            int code = response.code();
            if (last || !retryable(code, repeatable) || !bodyReplayable(request)) {
                return response;
            }
            int retry = attempt;
            Duration wait = RetryAfter.of(response).map(backoff::cap).orElseGet(() -> backoff.delay(retry));
            response.close();
            sleeper.sleep(wait);
        }
    }

    static Idempotency idempotency(Request request) {
        Idempotency tagged = request.tag(Idempotency.class);
        if (tagged != null) {
            return tagged;
        }
        return switch (request.method()) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS" -> Idempotency.REPEATABLE;
            default -> Idempotency.ONCE;
        };
    }

    private static boolean retryable(int code, boolean repeatable) {
        if (code == 429 || code == 503) {
            return true; // the server refused before acting
        }
        return repeatable && code >= 500 && code != 501;
    }

    private static boolean retryable(IOException e, boolean repeatable) {
        if (e instanceof ConnectException) {
            return true; // nothing was sent
        }
        if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            return false; // the caller was cancelled
        }
        return repeatable;
    }

    private static boolean bodyReplayable(Request request) {
        return request.body() == null || !request.body().isOneShot();
    }

    private static void sleepInterruptibly(Duration duration) throws InterruptedIOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}

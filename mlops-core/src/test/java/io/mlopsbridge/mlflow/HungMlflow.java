package io.mlopsbridge.mlflow;

import java.io.IOException;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * An MLflow server as a hung one looks from outside: it takes every request and answers none, so a client waits in its
 * read until its timeout, or until something cuts the read off. For tests of a stop while MLflow is slow to answer.
 */
public final class HungMlflow {
    private HungMlflow() {
    }

    /** Started on a loopback port; the caller closes it. */
    public static MockWebServer start() throws IOException {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
            }
        });
        server.start();
        return server;
    }
}

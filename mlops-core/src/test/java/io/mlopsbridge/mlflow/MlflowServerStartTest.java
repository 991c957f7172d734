package io.mlopsbridge.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.http.FreeLoopbackPort;
import io.mlopsbridge.http.RefusingLoopbackPort;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test server itself: a port taken between its pick and the server's bind does not fail the tests. The stub
 * fails to bind as uvicorn does (same message); a real server would spend a minute starting twice.
 */
class MlflowServerStartTest {
    @Test
    void aPortTakenBeforeTheServerBindsItIsGivenUpForAnother(@TempDir Path bin) {
        try (RefusingLoopbackPort taken = RefusingLoopbackPort.open()) {
            Deque<Integer> ports = new ArrayDeque<>();
            ports.add(taken.port()); // what another process did to the first port picked
            try (MlflowServer server = MlflowServer.start(StubMlflowExecutable.write(bin, false), false,
                    () -> ports.isEmpty() ? FreeLoopbackPort.pick() : ports.poll())) {
                assertThat(ports).as("the taken port was tried first").isEmpty();
                assertThat(server.port()).isNotEqualTo(taken.port());
            }
        }
    }
}

package io.mlopsbridge.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.http.FreeLoopbackPort;
import io.mlopsbridge.http.RefusingLoopbackPort;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/** The test server itself: a port taken between its pick and the server's bind does not fail the tests. */
class MlflowServerStartTest {
    @Test
    void aPortTakenBeforeTheServerBindsItIsGivenUpForAnother() {
        try (RefusingLoopbackPort taken = RefusingLoopbackPort.open()) {
            Deque<Integer> ports = new ArrayDeque<>();
            ports.add(taken.port()); // what another process did to the first port picked
            try (MlflowServer server = MlflowServer.start(MlflowServerExtension.mlflowExecutable(), false,
                    () -> ports.isEmpty() ? FreeLoopbackPort.pick() : ports.poll())) {
                assertThat(server.port()).isNotEqualTo(taken.port());
                assertThat(server.client().getOrCreateExperiment("start-test").experimentId()).isNotBlank();
            }
        }
    }
}

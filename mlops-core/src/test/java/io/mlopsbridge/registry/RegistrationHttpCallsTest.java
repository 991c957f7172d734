package io.mlopsbridge.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.mlflow.CountingProxy;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP calls one gated registration makes, counted on the wire between the engine and the real MLflow server:
 * the figures {@code docs/benchmarks.md} quotes.
 */
@ExtendWith(MlflowServerExtension.class)
class RegistrationHttpCallsTest {
    private static final String GATE = "auc >= 0.8 && auc >= champion.auc - 0.005";

    private final MlflowClient direct;
    private final TrainingRuns training;
    private final RegistryBehindProxy registry;
    private final CountingProxy proxy;
    private final RegisterModel register;
    private final String name = TrainingRuns.modelName("fraud-calls");

    RegistrationHttpCallsTest(MlflowServer server) throws Exception {
        this.direct = server.client();
        this.training = new TrainingRuns(direct);
        this.registry = RegistryBehindProxy.in(server);
        this.proxy = registry.proxy();
        this.register = registry.register();
    }

    @AfterEach
    void stopProxy() {
        registry.close();
    }

    private List<String> callsToRegister(String build) {
        return callsToRegister(training.finishedRun(Map.of("auc", 0.95)).runId(), build);
    }

    private List<String> callsToRegister(String runId, String build) {
        proxy.clear();
        register.register(RegisterRequest.of(name, runId).withGate(GATE)
                .withBuild(BuildInfo.none().withCi("fraud/main", build, null)));
        return proxy.requests();
    }

    @Test
    void theVeryFirstRegistrationOfAModelMakesTwelveCalls() {
        assertThat(callsToRegister("1")).hasSize(12);
    }

    @Test
    void aRegistrationWithoutAChampionMakesElevenCalls() {
        callsToRegister("1");

        assertThat(callsToRegister("2")).hasSize(11);
    }

    @Test
    void aRegistrationAgainstAChampionMakesThirteenCalls() {
        callsToRegister("1");
        direct.setAlias(name, "champion", "1");

        assertThat(callsToRegister("2")).hasSize(13);
    }

    @Test
    void aRegistrationOfAnMlflow3LoggedModelMakesOneCallMoreToFindIt() {
        callsToRegister("1");
        String runId = training.finishedRunWithLoggedModel(Map.of("auc", 0.95)).runId();

        List<String> calls = callsToRegister(runId, "2");

        assertThat(calls).hasSize(12).contains("POST /api/2.0/mlflow/logged-models/search");
    }
}

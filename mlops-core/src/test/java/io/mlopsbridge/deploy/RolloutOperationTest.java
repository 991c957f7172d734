package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlopsbridge.wait.PollOutcome;
import io.mlopsbridge.wait.Poller;
import io.mlopsbridge.wait.WaitHandle;
import io.mlopsbridge.wait.WaitPolicy;
import io.mlopsbridge.wait.WaitScheduler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A rollout driven by the wait package, as the CLI and the Jenkins step drive it. */
class RolloutOperationTest {
    private static final String NAME = "fraud-detector";
    private static final WaitPolicy FAST = WaitPolicy.withDefaults()
            .withIntervals(Duration.ofMillis(50), Duration.ofMillis(200)).withTimeout(Duration.ofMinutes(2));

    @RegisterExtension
    final KServeCluster cluster = new KServeCluster();
    private final RecordingLog log = new RecordingLog();

    private ClusterRollout rollout() {
        return new ClusterRollout(cluster.client(), SmokeTest.withDefaults(), new SmokeGate(), Clock.systemUTC(), log);
    }

    private RolloutPlan plan(String version) {
        return new KServePlanner(cluster.objects(), new DeploymentModeDetector(cluster.client(),
                DeploymentModeDetector.KSERVE_NAMESPACES, log), log).plan(Fixtures.manifest(version), null);
    }

    @Test
    void theSchedulerWaitsForTheRolloutAndLogsEachChangeOnce() {
        cluster.startController(NAME, KServeCluster.url(NAME), isvc -> KServeCluster.Outcome.READY);
        ClusterRollout rollout = rollout();

        RolloutResult result = WaitScheduler.shared().submit(() -> rollout.submit(plan("3")),
                new RolloutOperation(rollout), FAST, log).await();

        assertThat(result.succeeded()).isTrue();
        assertThat(result.endpoint()).isEqualTo(KServeCluster.url(NAME));
        assertThat(log.lines()).filteredOn(l -> l.endsWith(": succeeded")).hasSize(1);
    }

    @Test
    void aPersistedHandleResumesTheRolloutInAnotherProcess() throws Exception {
        cluster.existing(Fixtures.manifest("3").build(Optional.empty()));
        cluster.standardReady(NAME);
        String id = rollout().submit(plan("4"));
        WaitHandle handle = WaitHandle.start(id, FAST, Clock.systemUTC());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(handle);
        }

        WaitHandle restored;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (WaitHandle) in.readObject();
        }
        Poller<RolloutResult> poller = new Poller<>(new RolloutOperation(rollout()), FAST, log, Clock.systemUTC());
        PollOutcome<RolloutResult> pending = poller.pollOnce(restored);
        cluster.standardReady(NAME);
        PollOutcome<RolloutResult> finished = poller.pollOnce(((PollOutcome.Pending<RolloutResult>) pending).handle());

        assertThat(pending).isInstanceOf(PollOutcome.Pending.class);
        assertThat(((PollOutcome.Finished<RolloutResult>) finished).result().outcome())
                .isEqualTo(RolloutPhase.SUCCEEDED);
    }

    @Test
    void cancellingTheWaitRollsBack() {
        cluster.existing(Fixtures.manifest("3").build(Optional.empty()));
        cluster.standardReady(NAME);
        ClusterRollout rollout = rollout();
        var wait = WaitScheduler.shared().submit(() -> rollout.submit(plan("4")), new RolloutOperation(rollout),
                FAST, log);

        wait.cancel(true);

        assertThat(cluster.requireInferenceService(NAME).at("/spec/predictor/model/storageUri").asText())
                .isEqualTo("s3://ml-artifacts/1/models/m-3/artifacts/");
    }
}

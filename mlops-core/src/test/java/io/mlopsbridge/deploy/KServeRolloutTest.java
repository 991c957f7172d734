package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.wait.MutableClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * KServe rollouts against an API server that validates every InferenceService against KServe's CRD. The tests
 * play KServe's controller: after each write they set the status KServe would report.
 */
class KServeRolloutTest {
    private static final String NAME = "fraud-detector";
    private static final String ONE_ROW = "{\"inputs\": [{\"name\": \"input-0\", \"shape\": [1, 4],"
            + " \"datatype\": \"FP64\", \"data\": [[120.5, 3, 0.2, 1]]}]}";

    @RegisterExtension
    final KServeCluster cluster = new KServeCluster();
    private final MutableClock clock = new MutableClock(Fixtures.NOW);
    private final RecordingLog log = new RecordingLog();
    private final FakeModelServer model = new FakeModelServer(NAME);

    @AfterEach
    void stopModel() {
        model.close();
    }

    private ClusterRollout rollout() {
        return new ClusterRollout(cluster.client(), SmokeTest.withDefaults(), new SmokeGate(), clock, log);
    }

    private RolloutPlan plan(String version, Integer canary) {
        KServePlanner planner = new KServePlanner(cluster.objects(), new DeploymentModeDetector(cluster.client(),
                DeploymentModeDetector.KSERVE_NAMESPACES, log), log);
        return planner.plan(Fixtures.manifest(version), canary);
    }

    private SmokePlan smoke(String gate) {
        return new SmokePlan(SmokeRequests.parse("{\"requests\": [" + ONE_ROW + "], \"repeat\": 5}", "test"), gate,
                SmokeProtocol.OPEN_INFERENCE_V2, NAME, null);
    }

    private RolloutPhase poll(String id) {
        return rollout().poll(id).record().phase();
    }

    private JsonNode current() {
        return cluster.requireInferenceService(NAME);
    }

    private String storageUri() {
        return current().at("/spec/predictor/model/storageUri").asText();
    }

    /** Version 3 deployed earlier and serving, in the given mode. */
    private JsonNode version3Serving(boolean knative) {
        cluster.existing(Fixtures.manifest("3").build(Optional.empty()));
        if (knative) {
            cluster.knativeReady(NAME, "fraud-detector-predictor-00001");
        } else {
            cluster.standardReady(NAME, model.url());
        }
        return current();
    }

    private static void assertSameSpecAndMetadata(JsonNode actual, JsonNode expected) {
        assertThat(actual.get("spec")).isEqualTo(expected.get("spec"));
        assertThat(actual.at("/metadata/labels")).isEqualTo(expected.at("/metadata/labels"));
        assertThat(actual.at("/metadata/annotations")).isEqualTo(expected.at("/metadata/annotations"));
    }

    @Test
    void firstDeployCreatesTheServiceAndSucceedsOnceKServeReportsReady() {
        String id = rollout().submit(plan("3", null));

        assertThat(storageUri()).isEqualTo("s3://ml-artifacts/1/models/m-3/artifacts/");
        assertThat(poll(id)).isEqualTo(RolloutPhase.ROLLING_OUT);
        cluster.standardReady(NAME);
        RolloutProgress done = rollout().poll(id);

        assertThat(done.record().phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(done.record().endpoint()).isEqualTo(KServeCluster.url(NAME));
        assertThat(cluster.writtenInferenceServices()).hasSize(1);
    }

    @Test
    void standardModeUpdateWaitsForTheNewGenerationThenSucceeds() {
        version3Serving(false);

        String id = rollout().submit(plan("4", null));
        RolloutPhase stillOld = poll(id);
        cluster.standardReady(NAME);

        assertThat(stillOld).as("status of generation 1 says nothing about generation 2")
                .isEqualTo(RolloutPhase.ROLLING_OUT);
        assertThat(poll(id)).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(storageUri()).isEqualTo("s3://ml-artifacts/1/models/m-4/artifacts/");
        assertThat(current().at("/metadata/labels/mlops-bridge.io~1model-version").asText()).isEqualTo("4");
        assertThat(current().at("/spec/predictor/canaryTrafficPercent").isMissingNode()).isTrue();
    }

    @Test
    void knativeUpdateWaitsUntilTheNewRevisionHasAllTraffic() {
        cluster.withKnative();
        version3Serving(true);

        String id = rollout().submit(plan("4", null));
        cluster.knativeCanaryReady(NAME, "fraud-detector-predictor-00001", "fraud-detector-predictor-00002", 0);
        RolloutPhase whileShifting = poll(id);
        cluster.knativeReady(NAME, "fraud-detector-predictor-00002");

        assertThat(whileShifting).isEqualTo(RolloutPhase.ROLLING_OUT);
        assertThat(poll(id)).isEqualTo(RolloutPhase.SUCCEEDED);
    }

    @Test
    void canaryIsSmokeTestedThenPromotedToAllTraffic() {
        cluster.withKnative();
        version3Serving(true);
        RolloutPlan plan = plan("4", 10).withSmoke(smoke("error_rate == 0 && latency_p95_ms < 2000"));

        String id = rollout().submit(plan);
        assertThat(current().at("/spec/predictor/canaryTrafficPercent").asInt()).isEqualTo(10);
        cluster.knativeCanaryReady(NAME, "fraud-detector-predictor-00001", "fraud-detector-predictor-00002", 10,
                model.url());
        RolloutProgress promoting = rollout().poll(id);

        assertThat(promoting.record().phase()).isEqualTo(RolloutPhase.PROMOTING);
        assertThat(promoting.record().smokeReport().passed()).isTrue();
        assertThat(model.requests()).as("smoke requests went to the canary's own URL").isEqualTo(5);
        assertThat(current().at("/spec/predictor/canaryTrafficPercent").isMissingNode()).isTrue();
        assertThat(storageUri()).isEqualTo("s3://ml-artifacts/1/models/m-4/artifacts/");

        cluster.knativeReady(NAME, "fraud-detector-predictor-00002");
        assertThat(poll(id)).isEqualTo(RolloutPhase.SUCCEEDED);
    }

    @Test
    void failedCanaryIsDroppedFirstThenThePreviousSpecIsRestoredExactly() {
        cluster.withKnative();
        JsonNode before = version3Serving(true);
        model.breakModel();

        String id = rollout().submit(plan("4", 10).withSmoke(smoke("error_rate == 0")));
        cluster.knativeCanaryReady(NAME, "fraud-detector-predictor-00001", "fraud-detector-predictor-00002", 10,
                model.url());
        RolloutProgress dropped = rollout().poll(id);

        assertThat(dropped.record().phase()).isEqualTo(RolloutPhase.PINNING_PREVIOUS);
        assertThat(dropped.record().failure()).startsWith("smoke test failed: gate failed");
        assertThat(current().at("/spec/predictor/canaryTrafficPercent").asInt())
                .as("all traffic back on the previous revision at once").isZero();
        assertThat(storageUri()).isEqualTo("s3://ml-artifacts/1/models/m-3/artifacts/");

        cluster.knativeCanaryReady(NAME, "fraud-detector-predictor-00001", "fraud-detector-predictor-00003", 0);
        assertThat(poll(id)).isEqualTo(RolloutPhase.ROLLING_BACK);
        assertSameSpecAndMetadata(current(), before);

        cluster.knativeReady(NAME, "fraud-detector-predictor-00003");
        RolloutProgress rolledBack = rollout().poll(id);
        assertThat(rolledBack.record().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(rolledBack.record().rollbackNote()).isEqualTo("previous version restored and ready");
        assertSameSpecAndMetadata(current(), before);
    }

    @Test
    void canaryIsRefusedInStandardModeBeforeAnythingIsWritten() {
        cluster.withKnative().withDefaultDeploymentMode("RawDeployment");
        version3Serving(false);

        assertThatThrownBy(() -> plan("4", 10))
                .isInstanceOf(MlopsException.class)
                .hasMessageStartingWith("canary: InferenceService fraud-detector runs in Standard (RawDeployment) mode");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void canaryOnAFirstDeploymentBecomesAFullRollout() {
        cluster.withKnative();

        RolloutPlan plan = plan("3", 10);

        assertThat(plan.canaryPercent()).isNull();
        assertThat(plan.manifests().get(0).at("/spec/predictor/canaryTrafficPercent").isMissingNode()).isTrue();
        assertThat(log.text()).contains("no previous revision");
    }

    @Test
    void readinessDeadlineRollsBackToTheExactPreviousSpec() {
        JsonNode before = version3Serving(false);

        String id = rollout().submit(plan("4", null).withTimeouts(Duration.ofMinutes(10), Duration.ofMinutes(5)));
        cluster.notReady(NAME, "RawDeployment", "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.");
        assertThat(poll(id)).isEqualTo(RolloutPhase.ROLLING_OUT);
        clock.advance(Duration.ofMinutes(10));
        RolloutProgress rollingBack = rollout().poll(id);

        assertThat(rollingBack.record().phase()).isEqualTo(RolloutPhase.ROLLING_BACK);
        assertThat(rollingBack.record().failure()).isEqualTo("not ready within 10m: Ready=False"
                + " (MinimumReplicasUnavailable: Deployment does not have minimum availability.)");
        assertSameSpecAndMetadata(current(), before);

        cluster.standardReady(NAME);
        assertThat(poll(id)).isEqualTo(RolloutPhase.ROLLED_BACK);
    }

    @Test
    void aFailedRevisionRollsBackWithoutWaitingForTheDeadline() {
        cluster.withKnative();
        JsonNode before = version3Serving(true);

        String id = rollout().submit(plan("4", null));
        cluster.failedRevision(NAME, "Serverless", "fraud-detector-predictor-00002",
                "ModuleNotFoundError: No module named 'xgboost'");
        RolloutProgress progress = rollout().poll(id);

        assertThat(progress.record().phase()).isEqualTo(RolloutPhase.ROLLING_BACK);
        assertThat(progress.record().failure()).isEqualTo("the new version failed: BlockedByFailedLoad:"
                + " ModelLoadFailed: ModuleNotFoundError: No module named 'xgboost'");
        assertSameSpecAndMetadata(current(), before);
    }

    @Test
    void smokeGateFailureRollsBack() {
        JsonNode before = version3Serving(false);
        model.breakModel();

        String id = rollout().submit(plan("4", null).withSmoke(smoke("error_rate == 0")));
        cluster.standardReady(NAME, model.url());
        RolloutProgress progress = rollout().poll(id);

        assertThat(progress.record().phase()).isEqualTo(RolloutPhase.ROLLING_BACK);
        SmokeReport report = progress.record().smokeReport();
        assertThat(report.passed()).isFalse();
        assertThat(report.outcome().metrics()).containsEntry("error_rate", 1.0).containsEntry("requests", 5.0);
        assertThat(report.summary()).isEqualTo("gate failed: 0 of 1 clauses passed; failed: error_rate == 0"
                + " (error_rate = 1)");
        assertThat(log.text()).contains("smoke test error: request 1: HTTP 500: {\"error\": \"ValueError: X has 3"
                + " features, but model expects 4\"}");
        assertSameSpecAndMetadata(current(), before);
    }

    @Test
    void noUrlToSmokeTestRollsBackWithAReasonInPlainTextNamingTheInputForEitherFrontEnd() {
        JsonNode before = version3Serving(false);

        String id = rollout().submit(plan("4", null).withSmoke(smoke("error_rate == 0")));
        cluster.standardReadyWithoutUrl(NAME);
        RolloutProgress progress = rollout().poll(id);

        // The reason is kept in the rollout record and returned in results: text, readable by any front end.
        assertThat(progress.record().failure()).startsWith("the cluster reports no URL to smoke-test")
                .endsWith("(smokeEndpoint or --smoke-endpoint)").doesNotContain("\uE000", "\uE001", "\uE002");
        assertSameSpecAndMetadata(current(), before);
    }

    @Test
    void passingSmokeTestReportsItsMetrics() {
        version3Serving(false);

        String id = rollout().submit(plan("4", null).withSmoke(smoke("error_rate == 0 && latency_p95_ms < 5000")));
        cluster.standardReady(NAME, model.url());
        RolloutProgress progress = rollout().poll(id);

        assertThat(progress.record().phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(progress.record().smokeReport().outcome().requests()).isEqualTo(5);
        assertThat(progress.record().smokeReport().verdictJson()).contains("\"passed\"");
    }

    @Test
    void theSmokeReportNamesTheGivenEndpointWithoutItsCredentials() {
        version3Serving(false);
        SmokePlan smoke = new SmokePlan(SmokeRequests.parse("{\"requests\": [" + ONE_ROW + "]}", "test"),
                "error_rate == 0", SmokeProtocol.OPEN_INFERENCE_V2, NAME, model.url() + "?api_key=SmokeQ777");

        String id = rollout().submit(plan("4", null).withSmoke(smoke));
        cluster.standardReady(NAME, model.url());
        SmokeReport report = rollout().poll(id).record().smokeReport();

        assertThat(report.endpoint()).isEqualTo(model.url());
        assertThat(log.text()).doesNotContain("SmokeQ777");
    }

    @Test
    void aFailedFirstDeploymentIsDeleted() {
        String id = rollout().submit(plan("3", null));
        cluster.failedRevision(NAME, "RawDeployment", "", "model directory s3://ml-artifacts/1/models/m-3 is empty");

        RolloutProgress progress = rollout().poll(id);

        assertThat(progress.record().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(progress.record().rollbackNote()).isEqualTo("deleted: it did not exist before this rollout");
        assertThat(cluster.inferenceService(NAME)).isEmpty();
    }

    @Test
    void dryRunPlanAppliesNothing() {
        version3Serving(false);

        RolloutPlan plan = plan("4", null);

        assertThat(plan.toYaml()).contains("storageUri: \"s3://ml-artifacts/1/models/m-4/artifacts/\"")
                .contains("protocolVersion: \"v2\"");
        assertThat(cluster.writes()).isEmpty();
        assertThat(storageUri()).isEqualTo("s3://ml-artifacts/1/models/m-3/artifacts/");
    }

    @Test
    void aSecondRolloutIsRefusedWhileOneIsInProgress() {
        version3Serving(false);
        rollout().submit(plan("4", null));

        assertThatThrownBy(() -> rollout().submit(plan("5", null)))
                .hasMessageStartingWith("deploy: a rollout of fraud-detector (model version 4, started")
                .satisfies(e -> assertThat(((MlopsException) e).remoteCode()).contains("ROLLOUT_IN_PROGRESS"));
        assertThat(storageUri()).isEqualTo("s3://ml-artifacts/1/models/m-4/artifacts/");
    }

    @Test
    void cancelRestoresThePreviousSpec() {
        JsonNode before = version3Serving(false);
        String id = rollout().submit(plan("4", null));

        RolloutProgress cancelled = rollout().cancel(id);

        assertThat(cancelled.record().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(cancelled.record().failure()).isEqualTo("cancelled");
        assertSameSpecAndMetadata(current(), before);
    }

    @Test
    void aSucceededRolloutCanBeRevertedToThePreviousSpec() {
        JsonNode before = version3Serving(false);
        String id = rollout().submit(plan("4", null));
        cluster.standardReady(NAME);
        assertThat(poll(id)).isEqualTo(RolloutPhase.SUCCEEDED);

        RolloutProgress reverted = rollout().revert(id, "moving alias champion failed");
        cluster.standardReady(NAME);

        assertThat(reverted.record().phase()).isEqualTo(RolloutPhase.ROLLING_BACK);
        assertSameSpecAndMetadata(current(), before);
        assertThat(poll(id)).isEqualTo(RolloutPhase.ROLLED_BACK);
    }

    @Test
    void theRolloutCanBeContinuedByAnotherProcessFromItsId() {
        version3Serving(false);
        String id = rollout().submit(plan("4", null));
        cluster.standardReady(NAME);

        ClusterRollout afterRestart = new ClusterRollout(cluster.client(), SmokeTest.withDefaults(), new SmokeGate(),
                clock, new RecordingLog());

        assertThat(afterRestart.poll(id).record().phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        ObjectNode record = (ObjectNode) cluster.objects().get(new ObjectRef("", "v1", "ConfigMap", "configmaps",
                KServeCluster.NAMESPACE, "mlops-rollout-fraud-detector")).orElseThrow();
        assertThat(record.at("/data/rollout.json").asText()).contains("\"phase\":\"SUCCEEDED\"");
    }
}

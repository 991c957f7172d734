package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.mlopsbridge.wait.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kubernetes target: a Deployment and Service running MLflow's scoring server, rolled out and back. */
class KubernetesRolloutTest {
    private static final String NAME = "fraud-detector";
    private static final String IMAGE = "registry.example.com/ml/fraud-serving:1.4.2";

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

    private ModelServerManifests manifests(String version) {
        return ModelServerManifests.of(new ServiceName(NAME), KServeCluster.NAMESPACE, IMAGE, Fixtures.fraudV(version))
                .withReplicas(2).withTrackingUri("http://mlflow.mlops.svc:5000").withEnvFromSecret("mlflow-credentials");
    }

    private RolloutPlan plan(String version) {
        return new ModelServerPlanner(cluster.objects(), log).plan(manifests(version));
    }

    private JsonNode deployment() {
        return cluster.objects().get(ObjectRef.deployment(KServeCluster.NAMESPACE, NAME)).orElseThrow();
    }

    private JsonNode service() {
        return cluster.objects().get(ObjectRef.service(KServeCluster.NAMESPACE, NAME)).orElseThrow();
    }

    /** What the Deployment controller reports once {@code available} of the updated replicas serve. */
    private void replicas(long updated, long total, long available) {
        long generation = deployment().at("/metadata/generation").asLong();
        cluster.client().apps().deployments().inNamespace(KServeCluster.NAMESPACE).withName(NAME)
                .editStatus(d -> {
                    d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation)
                            .withReplicas((int) total).withUpdatedReplicas((int) updated)
                            .withAvailableReplicas((int) available).withReadyReplicas((int) available).build());
                    return d;
                });
    }

    private void newPodWaiting(String version, String reason, String message) {
        cluster.client().pods().inNamespace(KServeCluster.NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(NAME + "-7d9f-x2" + version).withNamespace(KServeCluster.NAMESPACE)
                .withLabels(Fixtures.fraudV(version).labels(new ServiceName(NAME))).endMetadata()
                .withNewStatus().addNewContainerStatus().withName("model-server").withNewState().withNewWaiting()
                .withReason(reason).withMessage(message).endWaiting().endState().endContainerStatus().endStatus()
                .build()).create();
    }

    private JsonNode version3Serving() {
        String id = rollout().submit(plan("3"));
        replicas(2, 2, 2);
        assertThat(rollout().poll(id).record().phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        return deployment();
    }

    @Test
    void firstDeployRunsMlflowsScoringServerBehindAService() {
        String id = rollout().submit(plan("3"));

        JsonNode container = deployment().at("/spec/template/spec/containers/0");
        assertThat(container.path("image").asText()).isEqualTo(IMAGE);
        assertThat(container.path("command").toString()).isEqualTo("[\"mlflow\",\"models\",\"serve\",\"-m\","
                + "\"models:/fraud-detector/3\",\"--env-manager\",\"local\",\"-h\",\"0.0.0.0\",\"-p\",\"8080\"]");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ping");
        assertThat(container.at("/envFrom/0/secretRef/name").asText()).isEqualTo("mlflow-credentials");
        assertThat(deployment().at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
        assertThat(service().at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
        assertThat(rollout().poll(id).record().phase()).isEqualTo(RolloutPhase.ROLLING_OUT);

        replicas(1, 1, 1);
        assertThat(rollout().poll(id).detail()).isEqualTo("1 of 2 replicas updated");
        replicas(2, 2, 2);
        RolloutProgress done = rollout().poll(id);

        assertThat(done.record().phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(done.record().endpoint()).isEqualTo("http://fraud-detector.models.svc.cluster.local");
    }

    @Test
    void rollingUpdateWaitsUntilOldReplicasAreGone() {
        version3Serving();

        String id = rollout().submit(plan("4"));
        replicas(2, 3, 2);

        assertThat(rollout().poll(id).detail()).isEqualTo("1 old replicas pending termination");
        replicas(2, 2, 2);
        assertThat(rollout().poll(id).record().phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(deployment().at("/spec/template/metadata/labels/mlops-bridge.io~1model-version").asText())
                .isEqualTo("4");
    }

    @Test
    void anImageThatCannotBePulledRollsBackToThePreviousSpec() {
        JsonNode before = version3Serving();

        String id = rollout().submit(plan("4"));
        newPodWaiting("4", "ImagePullBackOff", "Back-off pulling image \"" + IMAGE + "\"");
        RolloutProgress progress = rollout().poll(id);

        assertThat(progress.record().phase()).isEqualTo(RolloutPhase.ROLLING_BACK);
        assertThat(progress.record().failure()).startsWith("the new version failed: pod fraud-detector-7d9f-x24:"
                + " ImagePullBackOff");
        assertThat(deployment().get("spec")).isEqualTo(before.get("spec"));
        assertThat(deployment().at("/metadata/annotations")).isEqualTo(before.at("/metadata/annotations"));

        replicas(2, 2, 2);
        assertThat(rollout().poll(id).record().rollbackNote()).isEqualTo("previous version restored and ready");
    }

    @Test
    void smokeTestGoesToInvocationsAndItsFailureRollsBack() {
        JsonNode before = version3Serving();
        model.breakModel();
        SmokePlan smoke = new SmokePlan(SmokeRequests.parse(
                "{\"dataframe_split\": {\"columns\": [\"amount\", \"hour\"], \"data\": [[120.5, 3]]}}", "test"),
                "error_rate < 0.1", SmokeProtocol.MLFLOW_SCORING, NAME, model.url());

        String id = rollout().submit(plan("4").withSmoke(smoke));
        replicas(2, 2, 2);
        RolloutProgress progress = rollout().poll(id);

        assertThat(progress.record().phase()).isEqualTo(RolloutPhase.ROLLING_BACK);
        assertThat(progress.record().smokeReport().outcome().errorSamples())
                .containsExactly("request 1: HTTP 400: {\"error_code\": \"BAD_REQUEST\"}");
        assertThat(deployment().get("spec")).isEqualTo(before.get("spec"));
    }

    @Test
    void progressDeadlineExceededRollsBackAndAFirstDeploymentIsRemovedEntirely() {
        String id = rollout().submit(plan("3"));
        cluster.client().apps().deployments().inNamespace(KServeCluster.NAMESPACE).withName(NAME).editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(1L).addNewCondition()
                    .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
                    .withMessage("ReplicaSet \"fraud-detector-7d9f\" has timed out progressing.").endCondition()
                    .build());
            return d;
        });

        RolloutProgress progress = rollout().poll(id);

        assertThat(progress.record().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(cluster.objects().get(ObjectRef.deployment(KServeCluster.NAMESPACE, NAME))).isEmpty();
        assertThat(cluster.objects().get(ObjectRef.service(KServeCluster.NAMESPACE, NAME))).isEmpty();
    }

    @Test
    void deadlineWithoutProgressRollsBack() {
        JsonNode before = version3Serving();

        String id = rollout().submit(plan("4"));
        clock.advance(Duration.ofMinutes(11));

        assertThat(rollout().poll(id).record().failure()).startsWith("not ready within 10m: generation 2 not yet");
        assertThat(deployment().get("spec")).isEqualTo(before.get("spec"));
    }

    @Test
    void aFailedServiceWriteRestoresTheDeploymentAlreadyWritten() {
        JsonNode before = version3Serving();
        cluster.failNextWrite("PUT", "/api/v1/namespaces/models/services/fraud-detector", 403);

        assertThatThrownBy(() -> rollout().submit(plan("4")))
                .hasMessageStartingWith("Kubernetes: cannot update Service models/fraud-detector");
        assertThat(deployment().get("spec")).isEqualTo(before.get("spec"));
    }

    @Test
    void aBuiltImageKeepsItsOwnCommand() {
        var manifest = manifests("3").withImageServesModel(true).deployment(java.util.Optional.empty());

        assertThat(manifest.at("/spec/template/spec/containers/0/command").isMissingNode()).isTrue();
        assertThat(manifest.at("/spec/template/spec/containers/0/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(manifest.at("/spec/selector/matchLabels")).hasSize(2);
    }
}

package io.mlopsbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.ErrorKind;
import io.mlopsbridge.core.JavaSerialization;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.lineage.BuildInfo;
import io.mlopsbridge.mlflow.CountingProxy;
import io.mlopsbridge.mlflow.FaultProxy;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowConfig;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.log.BuildLog;
import io.mlopsbridge.registry.RegisterModel;
import io.mlopsbridge.registry.RegisterRequest;
import io.mlopsbridge.mlflow.Run;
import io.mlopsbridge.mlflow.TrainingRuns;
import io.mlopsbridge.wait.PollOutcome;
import io.mlopsbridge.wait.Poller;
import io.mlopsbridge.wait.WaitPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * deployModel end to end: a real MLflow server for the registry, the validating mock cluster for KServe with a
 * simulated controller. Proves the registry follows the cluster: alias and tags only on success, nothing written
 * on bad input, alias and cluster put back when the registry step fails.
 */
@ExtendWith(MlflowServerExtension.class)
class DeployModelTest {
    private static final String DESTINATION = "s3://mlflow-artifacts";
    private static final BuildInfo BUILD = new BuildInfo("3f9c2ab7e1d04c55aa0e2f7a31f0c9d8b6e4a210",
            "https://github.com/acme/fraud.git", "fraud/main", "128", "https://jenkins.acme.com/job/fraud/128/",
            "jenkins");

    @RegisterExtension
    final KServeCluster cluster = new KServeCluster();
    @TempDir
    Path dir;

    private final MlflowServer server;
    private final MlflowClient mlflow;
    private final TrainingRuns training;
    private final RecordingLog log = new RecordingLog();
    private final FakeModelServer model;
    private final String name = TrainingRuns.modelName("fraud");

    DeployModelTest(MlflowServer server) {
        this.server = server;
        this.mlflow = server.client();
        this.training = new TrainingRuns(mlflow);
        this.model = new FakeModelServer(ServiceName.derivedFrom(name).value());
    }

    @AfterEach
    void stopModel() {
        model.close();
    }

    private String registerVersion() {
        Run run = training.finishedRun(Map.of("auc", 0.94));
        return new RegisterModel(mlflow, BuildLog.silent()).register(RegisterRequest.of(name, run.runId())).version();
    }

    private DeployModel deployer(MlflowClient client) {
        return DeployModel.with(client, cluster.access(dir), List.of("mlflow"), log)
                .withWaitPolicy(WaitPolicy.withDefaults().withIntervals(Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    private DeployRequest.Builder request(String version) throws Exception {
        Path smoke = Files.writeString(dir.resolve("smoke.json"), "{\"requests\": [{\"inputs\": [{\"name\":"
                + " \"input-0\", \"shape\": [1, 2], \"datatype\": \"FP64\", \"data\": [[0.1, 1.0]]}]}], \"repeat\": 4}");
        return DeployRequest.builder(name, DeployTarget.KSERVE).version(version).namespace(KServeCluster.NAMESPACE)
                .artifactsDestination(DESTINATION).smoke(smoke, "error_rate == 0", null).promoteAlias("champion")
                .timeout(Duration.ofSeconds(20)).release("128-3f9c2ab").build(BUILD);
    }

    private String serviceName() {
        return ServiceName.derivedFrom(name).value();
    }

    private String champion() {
        return mlflow.findAlias(name, "champion").map(ModelVersion::version).orElse(null);
    }

    /** Version 1 deployed and champion, as a previous release left it. */
    private String firstReleaseServing() throws Exception {
        String v1 = registerVersion();
        cluster.startController(serviceName(), model.url(), isvc -> KServeCluster.Outcome.READY);
        DeployResult first = deployer(mlflow).deploy(request(v1).done());
        assertThat(first.succeeded()).isTrue();
        return v1;
    }

    @Test
    void successMovesTheAliasAndTagsWhereWhenAndWhichBuild() throws Exception {
        String v1 = firstReleaseServing();
        String v2 = registerVersion();

        DeployResult result = deployer(mlflow).deploy(request(v2).done());

        assertThat(result.succeeded()).isTrue();
        assertThat(result.aliasMove().previousVersion()).isEqualTo(v1);
        assertThat(champion()).isEqualTo(v2);
        assertThat(mlflow.findAlias(name, "previous-champion").map(ModelVersion::version)).contains(v1);
        Map<String, String> tags = mlflow.getModelVersion(name, v2).tagValues();
        assertThat(tags).containsEntry(DeploymentTags.DEPLOYED_TO, "kserve models/" + serviceName())
                .containsEntry(DeploymentTags.DEPLOYED_RELEASE, "128-3f9c2ab")
                .containsEntry(DeploymentTags.DEPLOYED_BUILD, "https://jenkins.acme.com/job/fraud/128/")
                .containsKey(DeploymentTags.DEPLOYED_AT)
                .containsKey("mlops.deployment.kserve.models." + serviceName());
        JsonNode isvc = cluster.requireInferenceService(serviceName());
        assertThat(isvc.at("/spec/predictor/model/storageUri").asText())
                .startsWith(DESTINATION + "/").endsWith("/model/");
        assertThat(isvc.at("/metadata/annotations/mlops-bridge.io~1release").asText()).isEqualTo("128-3f9c2ab");
        assertThat(isvc.at("/metadata/labels/mlops-bridge.io~1model-version").asText()).isEqualTo(v2);
    }

    @Test
    void aFailedRolloutLeavesTheAliasAndTagsUntouched() throws Exception {
        String v1 = firstReleaseServing();
        String v2 = registerVersion();
        cluster.startController(serviceName(), model.url(), isvc -> isvc.at("/metadata/labels/mlops-bridge.io~1model-version")
                .asText().equals(v2) ? KServeCluster.Outcome.FAILED : KServeCluster.Outcome.READY);

        DeployResult result = deployer(mlflow).deploy(request(v2).done());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.rollout().failure()).contains("No module named 'xgboost'");
        assertThat(result.aliasMove()).isNull();
        assertThat(champion()).isEqualTo(v1);
        assertThat(mlflow.getModelVersion(name, v2).tagValues()).doesNotContainKey(DeploymentTags.DEPLOYED_TO);
        assertThat(cluster.requireInferenceService(serviceName()).at("/metadata/labels/mlops-bridge.io~1model-version")
                .asText()).isEqualTo(v1);
    }

    @Test
    void aStorageLocationKServeCannotReadIsRefusedBeforeAnythingIsApplied() throws Exception {
        String v1 = registerVersion();

        assertThatThrownBy(() -> deployer(mlflow).deploy(request(v1).artifactsDestination(null).done()))
                .isInstanceOf(MlopsException.class)
                .hasMessageStartingWith("storage URI: KServe cannot read 'mlflow-artifacts:/")
                .satisfies(e -> assertThat(((MlopsException) e).kind()).isEqualTo(ErrorKind.INPUT));
        assertThat(cluster.writes()).isEmpty();
        assertThat(champion()).isNull();
    }

    @Test
    void aPromoteAliasThatPromoteKeepsForRollbackIsRefusedBeforeAnythingIsApplied() throws Exception {
        String v1 = registerVersion();
        cluster.startController(serviceName(), model.url(), isvc -> KServeCluster.Outcome.READY);

        assertThatThrownBy(() -> deployer(mlflow).deploy(request(v1).promoteAlias("previous-champion").done()))
                .isInstanceOf(MlopsException.class)
                .hasMessage("invalid promote-alias 'previous-champion': previous-<alias> aliases are kept by promote"
                        + " for rollback")
                .satisfies(e -> assertThat(((MlopsException) e).kind()).isEqualTo(ErrorKind.INPUT));
        assertThat(cluster.writes()).isEmpty();
        assertThat(mlflow.findAlias(name, "previous-champion")).isEmpty();
    }

    @Test
    void dryRunPrintsTheManifestAndWritesNothingAnywhere() throws Exception {
        String v1 = registerVersion();

        DeployResult result = deployer(mlflow).deploy(request(v1).dryRun(true).done());

        assertThat(result.dryRun()).isTrue();
        assertThat(result.manifests()).contains("kind: \"InferenceService\"").contains("name: \"mlflow\"");
        assertThat(cluster.writes()).isEmpty();
        assertThat(champion()).isNull();
        assertThat(mlflow.getModelVersion(name, v1).tagValues()).doesNotContainKey(DeploymentTags.DEPLOYED_TO);
    }

    @Test
    void whenMlflowCannotRecordTheDeploymentTheAliasAndTheClusterArePutBack() throws Exception {
        String v1 = firstReleaseServing();
        String v2 = registerVersion();
        JsonNode before = cluster.requireInferenceService(serviceName());
        try (FaultProxy proxy = new FaultProxy(server.uri(), "POST /api/2.0/mlflow/model-versions/set-tag", 100)) {
            MlflowClient throughProxy = new MlflowClient(new MlflowConfig(proxy.uri(), server.config().credentials(), server.config().http()));

            assertThatThrownBy(() -> deployer(throughProxy).deploy(request(v2).done()))
                    .hasMessageContaining("was deployed, but MLflow could not record it, so it was rolled back");
        }

        assertThat(champion()).isEqualTo(v1);
        assertThat(mlflow.findAlias(name, "previous-champion")).isEmpty();
        assertThat(cluster.requireInferenceService(serviceName()).get("spec")).isEqualTo(before.get("spec"));
    }

    @Test
    void aPromotionThatLosesTheAliasRaceRollsTheRolloutBackAndLeavesTheAliasToTheWinner() throws Exception {
        String v1 = firstReleaseServing();
        String v2 = registerVersion();
        String rival = registerVersion();
        JsonNode before = cluster.requireInferenceService(serviceName());
        try (CountingProxy proxy = new CountingProxy(server.uri())) {
            // Another build moves champion right after our move and before our read-back: it won the race.
            proxy.afterAnswerTo("POST /api/2.0/mlflow/registered-models/alias", "\"alias\":\"champion\"",
                    () -> mlflow.setAlias(name, "champion", rival));
            MlflowClient throughProxy = new MlflowClient(new MlflowConfig(proxy.uri(), server.config().credentials(),
                    server.config().http()));

            assertThatThrownBy(() -> deployer(throughProxy).deploy(request(v2).done()))
                    .isInstanceOfSatisfying(MlopsException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                        assertThat(e.getMessage()).startsWith("deploy: " + name + " version " + v2 + " was deployed,"
                                + " but another build moved " + name + "@champion to version " + rival
                                + " at the same moment and won, so this rollout was rolled back")
                                .endsWith(name + "@champion is left to the winner");
                        assertThat(e.facts()).containsEntry("alias_holder", rival).containsEntry("version", v2);
                    });
        }

        assertThat(champion()).isEqualTo(rival);
        assertThat(mlflow.findAlias(name, "previous-champion").map(ModelVersion::version)).contains(v1);
        assertThat(mlflow.getModelVersion(name, v2).tagValues()).doesNotContainKey(DeploymentTags.DEPLOYED_TO)
                .doesNotContainKey("mlops.pending.champion");
        assertThat(cluster.requireInferenceService(serviceName()).get("spec")).isEqualTo(before.get("spec"));
    }

    @Test
    void aVersionThatDoesNotExistIsAnInputErrorNamingIt() {
        assertThatThrownBy(() -> deployer(mlflow).deploy(request("99").done()))
                .hasMessageStartingWith("deploy: " + name + " has no version 99");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void aBrokenSmokeGateIsRefusedBeforeAnythingIsApplied() throws Exception {
        String v1 = registerVersion();

        assertThatThrownBy(() -> deployer(mlflow).deploy(request(v1).smoke(dir.resolve("smoke.json"),
                "error_rate == 0 &&", null).done())).hasMessageStartingWith("gate expression: column");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void aSmokeEndpointThatIsNotAnHttpUrlIsRefusedBeforeAnythingIsApplied() throws Exception {
        String v1 = registerVersion();

        for (String endpoint : java.util.List.of("not a url", "ftp://fraud-detector.models.example.com")) {
            assertThatThrownBy(() -> deployer(mlflow).deploy(request(v1).smoke(dir.resolve("smoke.json"),
                    "error_rate == 0", endpoint).done()))
                    .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INPUT))
                    .hasMessage("deploy: --smoke-endpoint '" + endpoint + "' is not an http(s) URL");
        }
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void aRolloutHandleSerialisedMidWaitIsCompletedByAFreshEngine() throws Exception {
        String v1 = firstReleaseServing();
        String v2 = registerVersion();
        cluster.startController(serviceName(), model.url(), isvc -> KServeCluster.Outcome.NOTHING);
        DeployModel before = deployer(mlflow);
        DeploySubmission submitted = before.submit(request(v2).done(), Cancellation.none());
        DeployHandle handle = ((DeploySubmission.Pending) submitted).handle();
        PollOutcome<RolloutResult> first = new Poller<>(before.operation(), handle.policy(), log, Clock.systemUTC())
                .pollOnce(handle.waitHandle());
        assertThat(first).isInstanceOf(PollOutcome.Pending.class);
        handle = handle.withWait(((PollOutcome.Pending<RolloutResult>) first).handle());

        DeployHandle restored = JavaSerialization.roundTrip(handle);
        cluster.startController(serviceName(), model.url(), isvc -> KServeCluster.Outcome.READY);
        DeployModel after = deployer(new MlflowClient(server.config()));
        Poller<RolloutResult> poller = new Poller<>(after.operation(), restored.policy(), log, Clock.systemUTC());
        PollOutcome<RolloutResult> outcome = poller.pollOnce(restored.waitHandle());
        while (outcome instanceof PollOutcome.Pending<RolloutResult> pending) {
            Thread.sleep(50); // the simulated controller acts every 50 ms
            restored = restored.withWait(pending.handle());
            outcome = poller.pollOnce(restored.waitHandle());
        }
        DeployResult result = after.complete(restored, ((PollOutcome.Finished<RolloutResult>) outcome).result());

        assertThat(result.succeeded()).isTrue();
        assertThat(result.aliasMove().previousVersion()).isEqualTo(v1);
        assertThat(champion()).isEqualTo(v2);
        assertThat(restored.aliasBefore().holder()).isEqualTo(v1);
        assertThat(mlflow.getModelVersion(name, v2).tagValues()).containsEntry(DeploymentTags.DEPLOYED_RELEASE,
                "128-3f9c2ab");
        assertThat(cluster.requireInferenceService(serviceName()).at("/metadata/labels/mlops-bridge.io~1model-version")
                .asText()).isEqualTo(v2);
    }

    @Test
    void abortingARestoredRolloutPutsThePreviousObjectsBackAndLeavesTheAlias() throws Exception {
        String v1 = firstReleaseServing();
        String v2 = registerVersion();
        JsonNode before = cluster.requireInferenceService(serviceName());
        cluster.startController(serviceName(), model.url(), isvc -> KServeCluster.Outcome.NOTHING);
        DeployHandle handle = JavaSerialization.roundTrip(((DeploySubmission.Pending) deployer(mlflow)
                .submit(request(v2).done(), Cancellation.none())).handle());

        String summary = deployer(new MlflowClient(server.config())).abort(handle);

        assertRolledBackToTheFirstRelease(summary, before, v1, v2);
    }

    @Test
    void aCancelMidRolloutPutsThePreviousObjectsBackAndLeavesTheAlias() throws Exception {
        String v1 = firstReleaseServing();
        String v2 = registerVersion();
        JsonNode before = cluster.requireInferenceService(serviceName());
        cluster.startController(serviceName(), model.url(), isvc -> KServeCluster.Outcome.NOTHING);
        Cancellation cancellation = Cancellation.create();
        DeployRequest request = request(v2).done();
        CompletableFuture<DeployResult> deploying = CompletableFuture.supplyAsync(() -> deployer(mlflow)
                .deploy(request, cancellation));
        while (!log.text().contains("updated InferenceService") && !deploying.isDone()) {
            Thread.sleep(20);
        }

        cancellation.cancel("SIGTERM");

        assertThatThrownBy(deploying::join).cause().isInstanceOfSatisfying(MlopsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.ABORTED);
            assertRolledBackToTheFirstRelease(e.getMessage(), before, v1, v2);
        });
    }

    /** The abort's one line, the InferenceService as the first release left it, the alias and tags untouched. */
    private void assertRolledBackToTheFirstRelease(String summary, JsonNode before, String v1, String v2) {
        assertThat(summary).isEqualTo("rollout of " + KServeCluster.NAMESPACE + "/" + serviceName() + " rolled back");
        assertThat(cluster.requireInferenceService(serviceName()).get("spec")).isEqualTo(before.get("spec"));
        assertThat(champion()).isEqualTo(v1);
        assertThat(mlflow.getModelVersion(name, v2).tagValues()).doesNotContainKey(DeploymentTags.DEPLOYED_TO);
    }

    @Test
    void aCancelAfterTheAliasMovedPutsTheAliasAndTheObjectsBack() throws Exception {
        String v1 = firstReleaseServing();
        String v2 = registerVersion();
        JsonNode before = cluster.requireInferenceService(serviceName());
        Cancellation cancellation = Cancellation.create();
        BuildLog cancelOnPromotion = new BuildLog() {
            @Override
            public void info(String line) {
                if (line.startsWith("Promoted ")) {
                    cancellation.cancel("SIGINT"); // arrives between moving the alias and writing the tags
                }
            }

            @Override
            public void warn(String line) {
            }
        };
        DeployModel deployer = DeployModel.with(mlflow, cluster.access(dir), List.of("mlflow"), cancelOnPromotion)
                .withWaitPolicy(WaitPolicy.withDefaults().withIntervals(Duration.ofMillis(50), Duration.ofMillis(200)));

        assertThatThrownBy(() -> deployer.deploy(request(v2).done(), cancellation))
                .isInstanceOfSatisfying(MlopsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.ABORTED);
                    assertThat(e.getMessage()).isEqualTo("rollout of " + KServeCluster.NAMESPACE + "/"
                            + serviceName() + " rolled back; " + name + "@champion restored to version " + v1);
                });
        assertThat(champion()).isEqualTo(v1);
        assertThat(cluster.requireInferenceService(serviceName()).get("spec")).isEqualTo(before.get("spec"));
    }
}

package io.jenkins.plugins.mlops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import io.fabric8.kubernetes.api.model.Container;
import hudson.model.TestFingerprints;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.fingerprint.ModelFacet;
import io.mlopsbridge.lineage.ModelIdentity;
import io.jenkins.plugins.mlops.harness.SecretSearch;
import io.jenkins.plugins.mlops.harness.StepHarness;
import io.mlopsbridge.cli.CliJson;
import io.mlopsbridge.deploy.DeploymentMode;
import io.mlopsbridge.deploy.FakeModelServer;
import io.mlopsbridge.deploy.KServeCluster;
import io.mlopsbridge.deploy.ServiceName;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * deployModel against the fabric8 mock cluster with the KServe CRD and a simulated KServe controller, and the real
 * MLflow server: the CLI's contract, a restart mid-rollout, and an abort that puts objects and alias back.
 */
@ExtendWith(MlflowServerExtension.class)
class DeployModelStepTest {
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final KServeCluster cluster = new KServeCluster();
    @TempDir
    Path jenkinsHome;
    private final MlflowServer server;
    private final MlflowClient mlflow;
    private final String name = TrainingRuns.modelName("fraud");
    private final FakeModelServer modelServer;
    private final String kubeToken = "kube-sa-" + UUID.randomUUID();
    private int builds;
    private StepHarness lastBuild;

    DeployModelStepTest(MlflowServer server) {
        this.server = server;
        this.mlflow = server.client();
        this.modelServer = new FakeModelServer(ServiceName.derivedFrom(name).value());
    }

    @BeforeEach
    void configureJenkins() throws Exception {
        KServeDeployments.configureJenkins(server, cluster, jenkinsHome.resolve("kube"), kubeToken);
    }

    @AfterEach
    void stopModelServer() {
        modelServer.close();
    }

    private String registerVersion() {
        return KServeDeployments.registerVersion(mlflow, name);
    }

    private StepHarness build() throws Exception {
        builds++;
        StepHarness build = StepHarness.build(jenkinsHome.resolve("b" + builds), String.valueOf(127 + builds),
                Map.of());
        KServeDeployments.writeSmokeRequests(build.workspace());
        return build;
    }

    private DeployModelStep step(String version) {
        return KServeDeployments.step(name, version);
    }

    private String champion() {
        return mlflow.findAlias(name, "champion").map(ModelVersion::version).orElse(null);
    }

    private JsonNode inferenceService() {
        return cluster.inferenceService(ServiceName.derivedFrom(name).value()).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> deployed(String version) throws Exception {
        StepHarness build = build();
        lastBuild = build;
        build.start(step(version));
        return (Map<String, Object>) build.await(STEP_TIMEOUT);
    }

    @Test
    void deploysPromotesAndReturnsTheCliJson() throws Exception {
        String v1 = registerVersion();
        cluster.startController(ServiceName.derivedFrom(name).value(), modelServer.url(),
                isvc -> KServeCluster.Outcome.READY);
        DeployModelStep step = step(v1);
        step.setCpu("500m:2");
        step.setMemory("2Gi");
        lastBuild = build();
        lastBuild.start(step);

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) lastBuild.await(STEP_TIMEOUT);
        JsonNode stepResources = predictorResources();

        assertThat(result).containsEntry("modelName", name).containsEntry("version", v1)
                .containsEntry("dryRun", false);
        assertThat(champion()).isEqualTo(v1);
        MlopsRunAction record = lastBuild.run().getAction(MlopsRunAction.class);
        assertThat(record.getDeployments()).singleElement().satisfies(d -> {
            assertThat(d.getTarget()).isEqualTo("kserve");
            assertThat(d.isSucceeded()).isTrue();
            assertThat(d.getSmokeSummary()).isNotNull();
        });
        assertThat(record.getModels()).singleElement()
                .satisfies(m -> assertThat(m.getAliasMoves()).containsExactly("champion: (none) → v" + v1));
        assertThat(TestFingerprints.get(ModelIdentity.of(server.trackingUri(), name, v1).hex()).getFacets())
                .map(f -> ((ModelFacet) f).getVerb()).contains("deployed", "promoted");
        Path kubeconfig = cluster.kubeconfig(Files.createDirectories(jenkinsHome.resolve("cli")));
        Map<String, Object> cli = CliJson.run(Map.of("MLFLOW_TRACKING_URI", server.trackingUri()), "deploy",
                "--model", name, "--version", v1, "--target", "kserve", "--namespace", KServeCluster.NAMESPACE,
                "--artifacts-destination", KServeDeployments.DESTINATION, "--kubeconfig", kubeconfig.toString(),
                "--promote-alias", "champion", "--timeout", "30s", "--cpu", "500m:2", "--memory", "2Gi", "--json");
        assertThat(result.keySet()).containsExactlyElementsOf(cli.keySet());
        assertThat(stepResources).as("the predictor's resources, read back from the cluster")
                .isEqualTo(JSON.readTree("{\"requests\": {\"cpu\": \"500m\", \"memory\": \"2Gi\"},"
                        + " \"limits\": {\"cpu\": \"2\", \"memory\": \"2Gi\"}}"))
                .as("what mlops deploy --cpu 500m:2 --memory 2Gi applied").isEqualTo(predictorResources());
    }

    private JsonNode predictorResources() {
        return inferenceService().at("/spec/predictor/model/resources");
    }

    @Test
    void theKubernetesTargetRunsABuiltModelImageWithTheSecretAndTheTrackingUriThePodsReach() throws Exception {
        String v1 = registerVersion();
        DeployModelStep step = new DeployModelStep(name);
        step.setVersion(v1);
        step.setTarget("kubernetes");
        step.setNamespace(KServeCluster.NAMESPACE);
        step.setImage("registry.example.com/fraud-detector-model:" + v1); // mlflow models build-docker's
        step.setImageServesModel(true);
        step.setEnvSecret("mlflow-credentials");
        step.setClusterTrackingUri("http://mlflow.mlflow.svc.cluster.local:5000");
        step.setTimeout("30s");
        step.setPollInterval("50ms");
        StepHarness build = build();
        StepExecution execution = build.start(step);
        StepHarness.awaitWaiting(execution);

        Container container = cluster.client().apps().deployments().inNamespace(KServeCluster.NAMESPACE)
                .withName(ServiceName.derivedFrom(name).value()).get().getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        execution.stop(new AbortException("the Deployment was read back"));

        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(from -> assertThat(from.getSecretRef().getName()).isEqualTo("mlflow-credentials"));
        assertThat(container.getEnv()).filteredOn(env -> env.getName().equals("MLFLOW_TRACKING_URI"))
                .singleElement().satisfies(env -> assertThat(env.getValue())
                        .isEqualTo("http://mlflow.mlflow.svc.cluster.local:5000"));
        assertThat(container.getCommand()).as("the image's own entrypoint serves the model").isEmpty();
    }

    @Test
    void aPinnedDeploymentModeIsTheModeTheAppliedInferenceServiceAsksKServeFor() throws Exception {
        String v1 = registerVersion();
        cluster.startController(ServiceName.derivedFrom(name).value(), modelServer.url(),
                isvc -> KServeCluster.Outcome.READY);
        DeployModelStep step = step(v1);
        step.setDeploymentMode("standard");
        StepHarness build = build();

        build.start(step);
        build.await(STEP_TIMEOUT);

        // The pre-0.16 name, which every KServe release reads.
        assertThat(inferenceService().path("metadata").path("annotations").path(DeploymentMode.ANNOTATION).asText())
                .isEqualTo("RawDeployment");
    }

    @Test
    void aControllerRestartMidRolloutResumesAndCompletes() throws Exception {
        String v1 = registerVersion();
        cluster.startController(ServiceName.derivedFrom(name).value(), modelServer.url(),
                isvc -> KServeCluster.Outcome.NOTHING);
        StepHarness build = build();

        StepExecution before = build.start(step(v1));
        StepHarness.awaitWaiting(before);
        build.restart(before);
        cluster.startController(ServiceName.derivedFrom(name).value(), modelServer.url(),
                isvc -> KServeCluster.Outcome.READY);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) build.await(STEP_TIMEOUT);

        assertThat(result).containsEntry("version", v1);
        assertThat(champion()).isEqualTo(v1);
        assertThat(build.context().endings()).containsExactly("success");
        assertThat(SecretSearch.filesContaining(build.buildDir(), kubeToken)).isEmpty();
        assertThat(build.log()).doesNotContain(kubeToken);
    }

    @Test
    void abortMidRolloutRestoresThePreviousObjectsAndTheAlias() throws Exception {
        String v1 = registerVersion();
        cluster.startController(ServiceName.derivedFrom(name).value(), modelServer.url(),
                isvc -> KServeCluster.Outcome.READY);
        deployed(v1);
        JsonNode servingV1 = inferenceService();
        String v2 = registerVersion();
        cluster.startController(ServiceName.derivedFrom(name).value(), modelServer.url(),
                isvc -> KServeCluster.Outcome.NOTHING);
        StepHarness build = build();
        StepExecution execution = build.start(step(v2));
        StepHarness.awaitWaiting(execution);

        AbortException abort = new AbortException("Aborted by alice");
        execution.stop(abort);

        assertThat(build.context().outcome()).isCompletedExceptionally();
        assertThat(build.awaitFailure(Duration.ZERO)).isSameAs(abort);
        assertThat(inferenceService().get("spec")).isEqualTo(servingV1.get("spec"));
        assertThat(champion()).isEqualTo(v1);
        assertThat(build.log()).contains("aborted: rollout of " + KServeCluster.NAMESPACE + "/"
                + ServiceName.derivedFrom(name).value() + " rolled back");
    }

    @Test
    void aVersionAndAnAliasTogetherAreRefusedBeforeTheStepStarts() {
        DeployModelStep step = step("3");
        step.setAlias("candidate");
        assertThatThrownBy(() -> step.start(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("give either version or alias");
        assertThatThrownBy(() -> step.setCanary(120)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("canary must be a percentage from 1 to 99, got 120");
    }

    @Test
    void anInvalidNamespaceIsNamedAsTheStepParameterNotAsTheCliOption() throws Exception {
        DeployModelStep step = step("1");
        step.setNamespace("Fraud_Team");
        StepHarness build = build();

        build.start(step);

        assertThat(build.awaitFailure(STEP_TIMEOUT)).isInstanceOf(AbortException.class)
                .hasMessageContaining("namespace 'Fraud_Team'").hasMessageNotContaining("--");
        assertThat(cluster.inferenceService(ServiceName.derivedFrom(name).value())).isEmpty();
    }

    @Test
    void anOptionOfAnotherTargetIsNamedAsTheStepParameterNotAsTheCliOption() throws Exception {
        DeployModelStep step = step("1");
        step.setImage("ghcr.io/acme/fraud-serving:1.4");
        StepHarness build = build();

        build.start(step);

        assertThat(build.awaitFailure(STEP_TIMEOUT)).isInstanceOf(AbortException.class)
                .hasMessageContaining("image does not apply to the kserve target").hasMessageNotContaining("--");
    }

    @Test
    void aPromoteAliasTooLongForTheRecordOfTheMoveIsNamedAsTheStepParameterNotAsTheCliOption() throws Exception {
        DeployModelStep step = step("1");
        step.setPromoteAlias("champion-" + "x".repeat(240));

        assertThat(failureOf(step)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("promoteAlias 'champion-xxx").hasMessageContaining("so promoteAlias may have")
                .hasMessageNotContaining("--");
        assertThat(cluster.inferenceService(ServiceName.derivedFrom(name).value())).isEmpty();
    }

    @Test
    void aPreviousAliasAsPromoteAliasIsNamedAsTheStepParameter() throws Exception {
        DeployModelStep step = step("1");
        step.setPromoteAlias("previous-champion");

        assertThat(failureOf(step)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("invalid promoteAlias 'previous-champion'").hasMessageNotContaining("--");
    }

    /** What the step fails with in a new build. */
    private Throwable failureOf(DeployModelStep step) throws Exception {
        StepHarness build = build();
        build.start(step);
        return build.awaitFailure(STEP_TIMEOUT);
    }
}

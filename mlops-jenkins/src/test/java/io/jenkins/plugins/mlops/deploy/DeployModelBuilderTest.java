package io.jenkins.plugins.mlops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.AbortException;
import hudson.TestEnvVars;
import hudson.TestWorkspaces;
import hudson.model.Run;
import hudson.model.TestBuilds;
import hudson.model.TestFingerprints;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.fingerprint.ModelFacet;
import io.jenkins.plugins.mlops.harness.BufferListener;
import io.mlopsbridge.deploy.FakeModelServer;
import io.mlopsbridge.deploy.KServeCluster;
import io.mlopsbridge.deploy.ServiceName;
import io.mlopsbridge.lineage.ModelIdentity;
import io.mlopsbridge.mlflow.MlflowClient;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import io.mlopsbridge.mlflow.ModelVersion;
import io.mlopsbridge.mlflow.TrainingRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Freestyle deploy build step through {@code perform(...)}, against the fabric8 mock cluster with the KServe
 * CRD and a simulated KServe controller, and the real MLflow server: the same deployment as the Pipeline step,
 * waited for on the build's thread, with the build's result and record set the same way.
 */
@ExtendWith(MlflowServerExtension.class)
class DeployModelBuilderTest {
    @RegisterExtension
    final KServeCluster cluster = new KServeCluster();
    @TempDir
    Path jenkinsHome;
    private final MlflowServer server;
    private final MlflowClient mlflow;
    private final String name = TrainingRuns.modelName("fraud");
    private final String service = ServiceName.derivedFrom(name).value();
    private final FakeModelServer modelServer;
    private final BufferListener listener = new BufferListener();
    private final String kubeToken = "kube-sa-" + UUID.randomUUID();
    private Path workspace;
    private int builds;

    DeployModelBuilderTest(MlflowServer server) {
        this.server = server;
        this.mlflow = server.client();
        this.modelServer = new FakeModelServer(service);
    }

    @BeforeEach
    void configureJenkinsAndTheWorkspace() throws Exception {
        KServeDeployments.configureJenkins(server, cluster, jenkinsHome.resolve("kube"), kubeToken);
        workspace = Files.createDirectories(jenkinsHome.resolve("workspace/fraud-release"));
        KServeDeployments.writeSmokeRequests(workspace);
    }

    @AfterEach
    void stopModelServer() {
        modelServer.close();
    }

    private String registerVersion() {
        return KServeDeployments.registerVersion(mlflow, name);
    }

    private DeployModelStep step(String version) {
        return KServeDeployments.step(name, version);
    }

    /** A new build of the Freestyle job {@code fraud-release}. */
    private Run<?, ?> newBuild() throws Exception {
        builds++;
        return TestBuilds.build(Files.createDirectories(jenkinsHome.resolve("builds/" + builds)).toFile(),
                "fraud-release", builds);
    }

    private void perform(Run<?, ?> run, DeployModelStep step) throws Exception {
        new DeployModelBuilder(step).perform(run, TestWorkspaces.of(workspace.toFile()),
                TestEnvVars.of(Map.of("JOB_NAME", "fraud-release", "BUILD_NUMBER", String.valueOf(builds))), null,
                listener);
    }

    private String champion() {
        return mlflow.findAlias(name, "champion").map(ModelVersion::version).orElse(null);
    }

    /** Deploys {@code version} in a build of its own (the service's state before the test's build). */
    private JsonNode served(String version) throws Exception {
        cluster.startController(service, modelServer.url(), isvc -> KServeCluster.Outcome.READY);
        perform(newBuild(), step(version));
        return inferenceService();
    }

    private JsonNode inferenceService() {
        return cluster.inferenceService(service).orElseThrow();
    }

    @Test
    void deploysPromotesAndRecordsTheDeploymentOnTheBuildAndTheFingerprint() throws Exception {
        String v1 = registerVersion();
        cluster.startController(service, modelServer.url(), isvc -> KServeCluster.Outcome.READY);
        Run<?, ?> run = newBuild();

        perform(run, step(v1));

        assertThat(champion()).isEqualTo(v1);
        assertThat(TestBuilds.result(run)).as("a successful build step leaves the result alone").isNull();
        MlopsRunAction record = run.getAction(MlopsRunAction.class);
        assertThat(record.getDeployments()).singleElement().satisfies(d -> {
            assertThat(d.getTarget()).isEqualTo("kserve");
            assertThat(d.isSucceeded()).isTrue();
            assertThat(d.getSmokeSummary()).isNotNull();
        });
        assertThat(TestFingerprints.get(ModelIdentity.of(server.trackingUri(), name, v1).hex()).getFacets())
                .map(f -> ((ModelFacet) f).getVerb()).contains("deployed", "promoted");
        assertThat(listener.text()).contains("[mlops] deploy: " + name + " version " + v1 + " serves at");
    }

    @Test
    void aFailedSmokeGateRollsBackFailsTheBuildWithOneLineAndLeavesTheAlias() throws Exception {
        String v1 = registerVersion();
        JsonNode servingV1 = served(v1);
        String v2 = registerVersion();
        modelServer.breakModel();
        Run<?, ?> run = newBuild();

        assertThatThrownBy(() -> perform(run, step(v2))).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("deploy of " + name + " version " + v2 + " failed and was rolled back: ")
                .hasMessageNotContaining("\n");

        assertThat(champion()).isEqualTo(v1);
        assertThat(inferenceService().get("spec")).isEqualTo(servingV1.get("spec"));
        assertThat(run.getAction(MlopsRunAction.class).getDeployments()).singleElement()
                .satisfies(d -> assertThat(d.isSucceeded()).isFalse());
    }

    @Test
    void badInputFailsWithOneLineBeforeAnythingIsWritten() throws Exception {
        String v1 = registerVersion();
        DeployModelStep both = step(v1);
        both.setAlias("candidate");
        DeployModelStep noSmokeFile = step(v1);
        noSmokeFile.setSmoke("smoke/missing.json");
        DeployModelStep badGate = step(v1);
        badGate.setSmokeGate("error_rate ==");

        assertThatThrownBy(() -> perform(newBuild(), both)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("give either version or alias");
        assertThatThrownBy(() -> perform(newBuild(), noSmokeFile)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("smoke: smoke/missing.json is not in the workspace").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> perform(newBuild(), badGate)).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("gate expression: column 14: expected a number")
                .hasMessageNotContaining("Exception");

        assertThat(cluster.writes()).isEmpty();
        assertThat(champion()).isNull();
    }

    @Test
    void interruptingTheBuildMidRolloutRestoresThePreviousObjectsAndTheAlias() throws Exception {
        String v1 = registerVersion();
        JsonNode servingV1 = served(v1);
        String v2 = registerVersion();
        cluster.startController(service, modelServer.url(), isvc -> KServeCluster.Outcome.NOTHING);
        Run<?, ?> run = newBuild();
        Thread[] executor = new Thread[1];
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        executor[0] = new Thread(() -> {
            try {
                perform(run, step(v2));
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            }
        }, "Executor #0 for fraud-release #" + builds);
        executor[0].start();
        awaitRolloutOf(servingV1);

        executor[0].interrupt(); // what Jenkins does to the executor when the build is aborted

        assertThat(ended.get(60, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(inferenceService().get("spec")).isEqualTo(servingV1.get("spec"));
        assertThat(champion()).isEqualTo(v1);
        assertThat(listener.text()).contains("aborted: rollout of " + KServeCluster.NAMESPACE + "/" + service
                + " rolled back");
    }

    /** Waits until the new version's InferenceService has been applied over {@code before}. */
    private void awaitRolloutOf(JsonNode before) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (inferenceService().get("spec").equals(before.get("spec"))) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("the rollout never started; log:\n" + listener.text());
            }
            Thread.sleep(20);
        }
    }
}

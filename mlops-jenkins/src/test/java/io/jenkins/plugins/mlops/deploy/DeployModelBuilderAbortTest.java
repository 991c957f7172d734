package io.jenkins.plugins.mlops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.TestEnvVars;
import hudson.TestExtensions;
import hudson.TestWorkspaces;
import hudson.model.Run;
import hudson.model.TestBuilds;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.BufferListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Freestyle build aborted as its deployModel build step starts: Jenkins interrupts the executor thread, which
 * prepares the deployment itself (the kubeconfig credential and the smoke requests written to files), and ends the
 * build ABORTED only when an InterruptedException comes back out of {@code perform}.
 */
class DeployModelBuilderAbortTest {
    @TempDir
    Path jenkinsHome;
    /** MLflow and the cluster's API server, as stubs that count what reaches them and answer nothing. */
    private final MockWebServer mlflow = new MockWebServer();
    private final MockWebServer apiServer = new MockWebServer();

    @BeforeEach
    void configureJenkinsAsATeamWould() throws Exception {
        mlflow.start();
        apiServer.start();
        TestCredentials.clear();
        MlopsConfiguration config = TestExtensions.register(new MlopsConfiguration());
        config.setMlflowUrl(mlflow.url("/").toString());
        config.setKubeconfigCredentialsId("kserve-deployer");
        TestCredentials.secretFile("kserve-deployer", String.join("\n", "apiVersion: v1", "kind: Config",
                "clusters:", "- name: prod", "  cluster: {server: \"" + apiServer.url("/") + "\"}",
                "users:", "- name: deployer", "  user: {token: \"kube-sa-3c0f9a7e\"}",
                "contexts:", "- name: prod", "  context: {cluster: prod, user: deployer, namespace: fraud-serving}",
                "current-context: prod", ""));
    }

    @AfterEach
    void stopStubs() {
        mlflow.close();
        apiServer.close();
    }

    @Test
    void abortingTheBuildAsTheStepStartsEndsItAbortedWithNothingSentToMlflowOrTheCluster() throws Exception {
        Path workspace = Files.createDirectories(jenkinsHome.resolve("workspace/fraud-release"));
        KServeDeployments.writeSmokeRequests(workspace);
        Run<?, ?> run = TestBuilds.build(Files.createDirectories(jenkinsHome.resolve("builds/7")).toFile(),
                "fraud-release", 7);
        DeployModelStep step = KServeDeployments.step("fraud-detector", "4");
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread executor = new Thread(() -> {
            // The abort as Executor.interrupt delivers it, arriving as the step starts.
            Thread.currentThread().interrupt();
            ended.complete(catchThrowable(() -> new DeployModelBuilder(step).perform(run,
                    TestWorkspaces.of(workspace.toFile()), TestEnvVars.of(Map.of("JOB_NAME", "fraud-release",
                            "BUILD_NUMBER", "7")), null, new BufferListener())));
        }, "Executor #0 for fraud-release #7");
        executor.start();

        // Jenkins' Run.execute ends a build ABORTED on an InterruptedException, FAILED on an AbortException.
        assertThat(ended.get(60, TimeUnit.SECONDS)).as("what perform ended with")
                .isInstanceOf(InterruptedException.class);
        assertThat(mlflow.getRequestCount()).as("requests that reached MLflow").isZero();
        assertThat(apiServer.getRequestCount()).as("requests that reached the cluster").isZero();
        assertThat(run.getAction(MlopsRunAction.class)).as("the build's MLOps record").isNull();
    }
}

package io.jenkins.plugins.mlops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.TestEnvVars;
import hudson.TestWorkspaces;
import hudson.model.Run;
import hudson.model.TestBuilds;
import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.harness.BufferListener;
import io.jenkins.plugins.mlops.harness.MlflowAbortingOnFirstRequest;
import io.jenkins.plugins.mlops.harness.MlflowAbortingOnFirstRequest.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Freestyle build aborted while its deployModel build step waits for MLflow to answer the version lookup: Jenkins
 * interrupts the executor thread, and the build ends ABORTED only when an InterruptedException comes back out of
 * {@code perform}. The engine's read is cut off by the abort, so the build ends at once; were it waited out, MLflow's
 * read timeout (60 s, then a retry) would hold the aborted build, and this test's 60 s bound would fail.
 */
class DeployModelBuilderAbortTest {
    @TempDir
    Path jenkinsHome;

    @Test
    void abortingTheBuildWhileMlflowHoldsTheVersionLookupEndsItAbortedAtOnceWithNothingDeployed() throws Exception {
        Path workspace = Files.createDirectories(jenkinsHome.resolve("workspace/fraud-release"));
        Run<?, ?> run = TestBuilds.build(Files.createDirectories(jenkinsHome.resolve("builds/7")).toFile(),
                "fraud-release", 7);
        DeployModelStep step = new DeployModelStep("fraud-detector");
        step.setVersion("4");
        step.setTarget("local");
        step.setPromoteAlias("champion");
        Outcome outcome = MlflowAbortingOnFirstRequest.perform("Executor #0 for fraud-release #7",
                () -> new DeployModelBuilder(step).perform(run, TestWorkspaces.of(workspace.toFile()),
                        TestEnvVars.of(Map.of("JOB_NAME", "fraud-release", "BUILD_NUMBER", "7")), null,
                        new BufferListener()));

        // Jenkins' Run.execute ends a build ABORTED on an InterruptedException, FAILED on an AbortException.
        assertThat(outcome.ended()).as("what perform ended with").isInstanceOf(InterruptedException.class);
        assertThat(outcome.received()).as("requests MLflow received")
                .containsExactly("GET /api/2.0/mlflow/model-versions/get");
        assertThat(TestBuilds.result(run)).as("result set by the step").isNull();
        assertThat(run.getAction(MlopsRunAction.class)).as("the build's MLOps record").isNull();
    }
}

package io.jenkins.plugins.mlops.action;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Job;
import hudson.model.Run;
import hudson.model.TestBuilds;
import io.mlopsbridge.deploy.DeployResult;
import io.mlopsbridge.deploy.DeployTarget;
import io.mlopsbridge.deploy.RolloutPhase;
import io.mlopsbridge.deploy.RolloutResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job page shows the last build's MLOps record: which model version the job last produced and where it went. */
class LastModelRecordFactoryTest {
    private final LastModelRecordFactory factory = new LastModelRecordFactory();
    @TempDir
    Path dir;

    @Test
    void theJobPageShowsTheLastBuildsRecord() throws Exception {
        Job<?, ?> job = TestBuilds.job("fraud/release");
        MlopsRunAction.of(TestBuilds.build(dir.resolve("7").toFile(), job, 7)).deployed(deployed("6"),
                "https://mlflow.acme.test");
        Run<?, ?> last = TestBuilds.build(dir.resolve("8").toFile(), job, 8);
        MlopsRunAction.of(last).deployed(deployed("7"), "https://mlflow.acme.test");

        assertThat(factory.createFor(job)).singleElement().isInstanceOfSatisfying(LastModelRecord.class, shown -> {
            assertThat(shown.getBuildNumber()).isEqualTo(8);
            assertThat(shown.getRecord().getHeadline()).isEqualTo("fraud-detector v7, deployed to kserve");
        });
    }

    @Test
    void aJobWhoseLastBuildRanNoMlopsStepShowsNothing() {
        Job<?, ?> job = TestBuilds.job("fraud/docs");
        TestBuilds.build(dir.toFile(), job, 1);

        assertThat(factory.createFor(job)).isEmpty();
        assertThat(factory.createFor(TestBuilds.job("fraud/new"))).isEmpty();
    }

    private static DeployResult deployed(String version) {
        RolloutResult rollout = new RolloutResult("r-" + version, DeployTarget.KSERVE, "models", "fraud-detector",
                RolloutPhase.SUCCEEDED, null, null, null, null, null, null, "fraud-detector", version);
        return new DeployResult("fraud-detector", version, "8-3f9c2ab", rollout, null, null, false);
    }
}

package io.jenkins.plugins.mlops.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.TestCredentials;
import hudson.TestExtensions;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.harness.StepHarness;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.kfp.fake.RunScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import jenkins.util.TestTimer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 trainModel steps waiting for Kubeflow runs at the same time hold no thread of their own: between polls each
 * is a timer entry, and the polls run on Jenkins' timer pool. Threads are counted by name while all 200 wait.
 */
class ConcurrentTrainingWaitsTest {
    private static final int STEPS = 200;

    @RegisterExtension
    final FakeKfpServer kfp = new FakeKfpServer(8);
    @TempDir
    Path jenkinsHome;

    @Test
    void twoHundredWaitingStepsHoldAtMostTheTimersThreads() throws Exception {
        TestCredentials.clear();
        TestExtensions.register(new MlopsConfiguration()).setKubeflowUrl(kfp.url());
        kfp.runsFollow(RunScript.succeedsAfter(Duration.ofSeconds(6)));
        Set<Thread> before = liveThreads();

        List<StepHarness> builds = new ArrayList<>();
        for (int i = 1; i <= STEPS; i++) {
            StepHarness build = StepHarness.build(jenkinsHome.resolve("b" + i), String.valueOf(i), Map.of());
            Files.copy(ExamplePipelines.fraudDetectionYaml(), build.workspace().resolve("pipeline.yaml"));
            TrainModelStep step = new TrainModelStep();
            step.setKubeflow("pipeline.yaml");
            step.setReleaseVersion("2.0." + i);
            // One pipeline per step: 200 first uploads of the same pipeline at once race in the engine's
            // PipelineUploader (reported), which is not what this test measures.
            step.setPipelineName("fraud-detection-" + i);
            step.setPollInterval("1s");
            build.start(step);
            builds.add(build);
        }
        AtomicInteger peakNew = new AtomicInteger();
        AtomicInteger peakTimer = new AtomicInteger();
        while (builds.stream().anyMatch(b -> !b.context().outcome().isDone())) {
            Set<Thread> now = liveThreads();
            now.removeAll(before);
            peakNew.accumulateAndGet(now.size(), Math::max);
            peakTimer.accumulateAndGet((int) now.stream()
                    .filter(t -> t.getName().startsWith("jenkins.util.Timer")).count(), Math::max);
            Thread.sleep(250);
        }

        for (StepHarness build : builds) {
            assertThat(build.await(Duration.ZERO)).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("succeeded", true);
        }
        System.out.printf("%d waiting trainModel steps: peak %d new threads, of them %d timer threads "
                + "(pool size %d)%n", STEPS, peakNew.get(), peakTimer.get(), TestTimer.threads());
        assertThat(peakTimer.get()).isLessThanOrEqualTo(10);
        assertThat(TestTimer.threads()).isLessThanOrEqualTo(10);
        // Besides the timer: the fake server's own threads and the HTTP clients' shared dispatcher, never one
        // thread per waiting step.
        assertThat(peakNew.get()).isLessThan(STEPS / 4);
        assertThat(kfp.calls("RunService_CreateRun")).hasSize(STEPS);
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .collect(Collectors.toCollection(java.util.HashSet::new));
    }
}

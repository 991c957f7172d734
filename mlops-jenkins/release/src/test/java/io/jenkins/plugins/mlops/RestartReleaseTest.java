package io.jenkins.plugins.mlops;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.mlops.action.MlopsRunAction;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.mlopsbridge.kfp.ExamplePipelines;
import io.mlopsbridge.kfp.fake.FakeKfpServer;
import io.mlopsbridge.kfp.fake.RunScript;
import io.mlopsbridge.mlflow.MlflowServer;
import io.mlopsbridge.mlflow.MlflowServerExtension;
import java.time.Duration;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * Release build only (jenkins-test-harness, workflow-job, workflow-cps; see docs/jenkins.md): a real controller
 * restart while {@code trainModel(kubeflow:)} waits, against the project's KFP fake and the real MLflow server, which
 * both outlive the restart. The default build restarts through the harness (Java serialization of the execution);
 * this one goes through Jenkins' own program persistence.
 */
@ExtendWith(MlflowServerExtension.class)
class RestartReleaseTest {
    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();
    @RegisterExtension
    final FakeKfpServer kfp = new FakeKfpServer();
    private final MlflowServer mlflow;

    RestartReleaseTest(MlflowServer mlflow) {
        this.mlflow = mlflow;
    }

    @Test
    void aTrainingWaitSurvivesAControllerRestartAndCompletesWithoutSubmittingAgain() throws Throwable {
        kfp.runsFollow(RunScript.succeedsAfter(Duration.ofSeconds(30)));
        sessions.then(r -> {
            MlopsConfiguration config = MlopsConfiguration.get();
            config.setMlflowUrl(mlflow.trackingUri());
            config.setKubeflowUrl(kfp.url());
            WorkflowJob job = r.createProject(WorkflowJob.class, "fraud-train");
            job.setDefinition(new CpsFlowDefinition("""
                    node {
                      def result = trainModel(kubeflow: 'pipeline.yaml', experiment: 'fraud-restart',
                                              pollInterval: '1s')
                      echo "trained: ${result.status}"
                    }
                    """, true));
            r.jenkins.getWorkspaceFor(job).child("pipeline.yaml")
                    .copyFrom(ExamplePipelines.fraudDetectionYaml().toUri().toURL());
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            r.waitForMessage("Kubeflow Pipelines: ", build);
            while (kfp.calls("RunService_GetRun").isEmpty()) {
                Thread.sleep(100); // waiting for the first poll: the step is now in its durable wait
            }
        });
        sessions.then(r -> {
            WorkflowRun build = r.jenkins.getItemByFullName("fraud-train", WorkflowJob.class).getBuildByNumber(1);

            r.assertBuildStatusSuccess(r.waitForCompletion(build));

            r.assertLogContains("trained: SUCCEEDED", build);
            assertThat(kfp.calls("RunService_CreateRun")).as("the restart did not submit again").hasSize(1);
            assertThat(build.getAction(MlopsRunAction.class).getTrainings()).singleElement()
                    .satisfies(t -> assertThat(t.isSucceeded()).isTrue());
        });
    }
}

package io.jenkins.plugins.mlops;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleProject;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.deploy.DeployModelStep;
import io.jenkins.plugins.mlops.drift.CheckDriftBuilder;
import io.jenkins.plugins.mlops.drift.CheckDriftStep;
import io.jenkins.plugins.mlops.register.RegisterModelBuilder;
import io.jenkins.plugins.mlops.register.RegisterModelStep;
import io.jenkins.plugins.mlops.train.TrainModelBuilder;
import io.jenkins.plugins.mlops.train.TrainModelStep;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Release build only (jenkins-test-harness; see docs/jenkins.md): every form, shown by a real Jenkins and submitted
 * unchanged, gives back the same values. The default build checks the forms against the classes (JellyViewsTest) but
 * cannot render them.
 */
@WithJenkins
class ConfigRoundTripReleaseTest {
    @Test
    void theGlobalConfigurationPageKeepsEveryField(JenkinsRule r) throws Exception {
        MlopsConfiguration config = MlopsConfiguration.get();
        config.setMlflowUrl("https://mlflow.example.com");
        config.setMlflowCredentialsId("mlflow-ci");
        config.setKubeflowUrl("https://kubeflow.example.com/pipeline");
        config.setKubeflowCredentialsId("kfp-token");
        config.setKubeflowNamespace("team-fraud");
        config.setKubeconfigCredentialsId("prod-kubeconfig");
        config.setKubernetesServerUrl("https://k8s.example.com:6443");
        config.setKubernetesCredentialsId("k8s-token");
        config.setUseControllerClusterAccess(true);
        config.setCandidateAlias("candidate");
        config.setChampionAlias("champion");
        config.setReleaseVersionPattern("${BUILD_NUMBER}-${GIT_COMMIT}");

        r.configRoundtrip();

        MlopsConfiguration after = MlopsConfiguration.get();
        assertThat(after.getMlflowUrl()).isEqualTo("https://mlflow.example.com");
        assertThat(after.getMlflowCredentialsId()).isEqualTo("mlflow-ci");
        assertThat(after.getKubeflowUrl()).isEqualTo("https://kubeflow.example.com/pipeline");
        assertThat(after.getKubeflowCredentialsId()).isEqualTo("kfp-token");
        assertThat(after.getKubeflowNamespace()).isEqualTo("team-fraud");
        assertThat(after.getKubeconfigCredentialsId()).isEqualTo("prod-kubeconfig");
        assertThat(after.getKubernetesServerUrl()).isEqualTo("https://k8s.example.com:6443");
        assertThat(after.getKubernetesCredentialsId()).isEqualTo("k8s-token");
        assertThat(after.isUseControllerClusterAccess()).isTrue();
        assertThat(after.getCandidateAlias()).isEqualTo("candidate");
        assertThat(after.getChampionAlias()).isEqualTo("champion");
        assertThat(after.getReleaseVersionPattern()).isEqualTo("${BUILD_NUMBER}-${GIT_COMMIT}");
    }

    @Test
    void registerModelSurvivesTheSnippetGenerator(JenkinsRule r) throws Exception {
        RegisterModelStep step = new RegisterModelStep("fraud-detector", "9a3e51c2d7f04b8e");
        step.setGate("auc >= 0.9 && precision >= 0.8");
        step.setAlias("candidate");
        step.setChampionAlias("champion");
        step.setReleaseVersion("1.4.0");
        step.setArtifactPath("model");
        step.setReadyTimeout(120);
        step.setUnstableOnGateFailure(true);
        step.setMlflowUrl("https://mlflow.example.com");
        step.setMlflowCredentialsId("mlflow-ci");

        assertSurvivesTheSnippetGenerator(r, step);
    }

    @Test
    void trainModelOnKubeflowSurvivesTheSnippetGenerator(JenkinsRule r) throws Exception {
        TrainModelStep step = new TrainModelStep();
        step.setKubeflow("pipelines/fraud.yaml");
        step.setExperiment("fraud-detection");
        step.setTimeout("2h");
        step.setPipelineName("fraud-training");
        step.setRunName("nightly");
        step.setServiceAccount("pipeline-runner");
        step.setReleaseVersion("1.4.0");
        step.setPollInterval("30s");
        step.setKubeflowUrl("https://kubeflow.example.com/pipeline");
        step.setKubeflowCredentialsId("kfp-token");
        step.setKubeflowNamespace("team-fraud");

        assertSurvivesTheSnippetGenerator(r, step);
    }

    @Test
    void deployModelSurvivesTheSnippetGenerator(JenkinsRule r) throws Exception {
        DeployModelStep step = new DeployModelStep("fraud-detector");
        step.setAlias("candidate");
        step.setTarget("kserve");
        step.setNamespace("models");
        step.setServiceName("fraud-detector");
        step.setCanary(10);
        step.setDeploymentMode("knative");
        step.setSmoke("smoke/requests.jsonl");
        step.setSmokeGate("error_rate == 0 && p95_ms < 250");
        step.setPromoteAlias("champion");
        step.setTimeout("15m");
        step.setReplicas(2);
        step.setKubeconfigCredentialsId("prod-kubeconfig");

        assertSurvivesTheSnippetGenerator(r, step);
    }

    @Test
    void checkDriftSurvivesTheSnippetGenerator(JenkinsRule r) throws Exception {
        assertSurvivesTheSnippetGenerator(r, driftCheck());
    }

    @Test
    void aCheckDriftThatOnlySavesTheReferenceProfileSurvivesTheSnippetGenerator(JenkinsRule r) throws Exception {
        // current is optional: the empty field must come back as no current, not as a required one left blank.
        CheckDriftStep step = new CheckDriftStep("data/train.csv");
        step.setProfile("profiles/train.json");

        assertSurvivesTheSnippetGenerator(r, step);
    }

    @Test
    void theFreestyleBuildStepsSurviveTheJobConfigurationPage(JenkinsRule r) throws Exception {
        RegisterModelStep registration = new RegisterModelStep("fraud-detector", "9a3e51c2d7f04b8e");
        registration.setGate("auc >= 0.9");
        RegisterModelBuilder register = new RegisterModelBuilder(registration);
        register.setTags("team=fraud\nticket=ML-412");
        register.setDatasets("transactions=sha256:9f2c41e0\nchargebacks=sha256:77b0d3a1");
        CheckDriftBuilder drift = new CheckDriftBuilder(driftCheck());
        drift.setColumns("amount\nage\nregion");
        drift.setExclude("region");
        TrainModelStep kubeflow = new TrainModelStep();
        kubeflow.setKubeflow("pipelines/fraud.yaml");
        kubeflow.setExperiment("fraud-detection");
        TrainModelBuilder train = new TrainModelBuilder(kubeflow);
        train.setParameters("learning_rate=0.05\nn_estimators=300");
        FreeStyleProject project = r.createFreeStyleProject("fraud-freestyle");
        project.getBuildersList().add(train);
        project.getBuildersList().add(register);
        project.getBuildersList().add(drift);

        FreeStyleProject after = r.configRoundtrip(project);

        r.assertEqualDataBoundBeans(train, after.getBuildersList().get(TrainModelBuilder.class));
        r.assertEqualDataBoundBeans(register, after.getBuildersList().get(RegisterModelBuilder.class));
        r.assertEqualDataBoundBeans(drift, after.getBuildersList().get(CheckDriftBuilder.class));
    }

    private static CheckDriftStep driftCheck() {
        CheckDriftStep step = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        step.setMethod("psi");
        step.setThreshold(0.2);
        step.setDriftShare(0.3);
        step.setRule("drift_share <= 0.3");
        step.setHtml("reports/drift.html");
        step.setJson("reports/drift.json");
        step.setJunit("reports/drift.xml");
        step.setModel("fraud-detector");
        step.setVersion("7");
        step.setCooldown("24h");
        step.setOnDrift("unstable");
        return step;
    }

    private static void assertSurvivesTheSnippetGenerator(JenkinsRule r, Step step) throws Exception {
        r.assertEqualDataBoundBeans(step, new StepConfigTester(r).configRoundTrip(step));
    }
}

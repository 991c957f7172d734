package io.jenkins.plugins.mlops;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import io.jenkins.plugins.mlops.action.ModelActivity;
import io.jenkins.plugins.mlops.config.MlopsConfiguration;
import io.jenkins.plugins.mlops.register.RegisterModelStep;
import io.mlopsbridge.drift.DriftCheck;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.lineage.ModelIdentity;
import io.mlopsbridge.log.BuildLog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Release build only (needs jenkins-test-harness from repo.jenkins-ci.org; see docs/jenkins.md): what the default
 * build cannot show, in a real Jenkins: the forms bind, the build page and the fingerprint page render.
 */
@WithJenkins
class UiReleaseTest {
    @TempDir
    Path dir;

    @Test
    void globalConfigurationSurvivesTheConfigurationPage(JenkinsRule r) throws Exception {
        MlopsConfiguration config = MlopsConfiguration.get();
        config.setMlflowUrl("https://mlflow.example.com");
        config.setKubeflowUrl("https://kubeflow.example.com/pipeline");
        config.setKubeflowNamespace("team-fraud");
        config.setReleaseVersionPattern("${BUILD_NUMBER}-${GIT_COMMIT}");

        r.configRoundtrip();

        assertThat(MlopsConfiguration.get().getMlflowUrl()).isEqualTo("https://mlflow.example.com");
        assertThat(MlopsConfiguration.get().getKubeflowNamespace()).isEqualTo("team-fraud");
        assertThat(MlopsConfiguration.get().getReleaseVersionPattern()).isEqualTo("${BUILD_NUMBER}-${GIT_COMMIT}");
    }

    @Test
    void registerModelSurvivesTheSnippetGeneratorForm(JenkinsRule r) throws Exception {
        RegisterModelStep step = new RegisterModelStep("fraud-detector", "9a3e51c2d7f04b8e");
        step.setGate("auc >= 0.9");
        step.setReadyTimeout(120);
        step.setUnstableOnGateFailure(true);

        r.assertEqualDataBoundBeans(step, new StepConfigTester(r).configRoundTrip(step));
    }

    @Test
    void theBuildPageAndTheFingerprintPageShowTheDriftCheck(JenkinsRule r) throws Exception {
        FreeStyleProject project = r.createFreeStyleProject("monitor");
        FreeStyleBuild build = r.buildAndAssertSuccess(project);
        ModelActivity.driftChecked(build, "drift-1", drift(), null, "https://mlflow.example.com", "fraud-detector",
                "7");

        JenkinsRule.WebClient web = r.createWebClient();
        HtmlPage main = web.getPage(build);
        HtmlPage record = web.getPage(build, "mlops/");
        HtmlPage fingerprint = web.goTo("fingerprint/"
                + ModelIdentity.of("https://mlflow.example.com", "fraud-detector", "7").hex() + "/");

        assertThat(main.asNormalizedText()).contains("MLOps");
        assertThat(record.asNormalizedText()).contains("drift:");
        assertThat(fingerprint.asNormalizedText()).contains("MLflow model fraud-detector v7")
                .contains("monitor #1: drift checked");
    }

    private DriftResult drift() throws Exception {
        Path reference = Files.writeString(dir.resolve("reference.csv"), "amount\n12.5\n80.0\n33.1\n47.9\n21.0\n");
        Path current = Files.writeString(dir.resolve("current.csv"), "amount\n14.0\n75.5\n30.2\n52.3\n19.8\n");
        return DriftCheck.withDefaults().run(CsvSource.open(reference, "reference", CsvFormat.DEFAULT),
                CsvSource.open(current, "current", CsvFormat.DEFAULT), BuildLog.silent());
    }
}

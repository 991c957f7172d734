package io.jenkins.plugins.mlops;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import io.jenkins.plugins.mlops.action.ModelActivity;
import io.jenkins.plugins.mlops.drift.CheckDriftBuilder;
import io.jenkins.plugins.mlops.drift.CheckDriftStep;
import io.mlopsbridge.drift.DriftCheck;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.CsvSource;
import io.mlopsbridge.drift.report.HtmlReport;
import io.mlopsbridge.lineage.ModelIdentity;
import io.mlopsbridge.log.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Release build only (jenkins-test-harness; see docs/jenkins.md): a Freestyle drift check rendered by a real Jenkins:
 * the build's main page and MLOps record link the HTML report, which Jenkins serves from the build with its
 * Content-Security-Policy, its stylesheet beside it; a model version's fingerprint page lists the check.
 */
@WithJenkins
class BuildPageReleaseTest {
    @TempDir
    Path dir;

    @Test
    void theDriftReportIsLinkedFromTheBuildPageAndServedFromTheBuildWithItsStylesheet(JenkinsRule r)
            throws Exception {
        FreeStyleProject project = r.createFreeStyleProject("fraud-monitor");
        project.getBuildersList().add(new TestBuilder() {
            @Override
            public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
                    throws InterruptedException, IOException {
                build.getWorkspace().child("data/train.csv").write(transactions(1, 0), "UTF-8");
                build.getWorkspace().child("data/last-week.csv").write(transactions(3, 40), "UTF-8");
                return true;
            }
        });
        CheckDriftStep check = new CheckDriftStep("data/train.csv", "data/last-week.csv");
        check.setHtml("reports/drift.html");
        check.setOnDrift("none");
        project.getBuildersList().add(new CheckDriftBuilder(check));

        FreeStyleBuild build = r.buildAndAssertSuccess(project);
        JenkinsRule.WebClient web = r.createWebClient();
        HtmlPage main = web.getPage(build);
        HtmlPage record = web.getPage(build, "mlops/");
        Page report = web.goTo(build.getUrl() + "mlops/drift/drift-1/drift.html", "text/html");
        Page stylesheet = web.goTo(build.getUrl() + "mlops/drift/drift-1/" + HtmlReport.STYLESHEET, "text/css");

        assertThat(main.asNormalizedText()).contains("drift in 2 of 3 columns");
        assertThat(main.getAnchorByHref("mlops/drift/drift-1/drift.html")).isNotNull();
        assertThat(record.asNormalizedText()).contains("2 of 3 columns drifted");
        assertThat(record.getAnchorByHref("drift/drift-1/drift.html")).isNotNull();
        assertThat(report.getWebResponse().getResponseHeaderValue("Content-Security-Policy"))
                .contains("sandbox").contains("style-src 'self'");
        assertThat(report.getWebResponse().getContentAsString())
                .contains("<link rel=\"stylesheet\" href=\"" + HtmlReport.STYLESHEET + "\">");
        assertThat(stylesheet.getWebResponse().getContentAsString()).isEqualTo(HtmlReport.stylesheet());
    }

    @Test
    void aModelVersionsFingerprintPageListsTheBuildsThatCheckedItsData(JenkinsRule r) throws Exception {
        FreeStyleProject project = r.createFreeStyleProject("fraud-monitor");
        FreeStyleBuild build = r.buildAndAssertSuccess(project);
        ModelActivity.driftChecked(build, "drift-1", drift(), null, "https://mlflow.example.com", "fraud-detector",
                "7");

        HtmlPage fingerprint = r.createWebClient().goTo("fingerprint/"
                + ModelIdentity.of("https://mlflow.example.com", "fraud-detector", "7").hex() + "/");

        assertThat(fingerprint.asNormalizedText()).contains("MLflow model fraud-detector v7")
                .contains("fraud-monitor #1: drift checked");
    }

    /** Card transactions; {@code shift} moves amount and age, so two of the three columns drift. */
    private static String transactions(long seed, double shift) {
        Random random = new Random(seed);
        String[] regions = {"north", "south", "east", "west"};
        List<String> lines = new ArrayList<>(List.of("amount,age,region"));
        for (int i = 0; i < 2000; i++) {
            lines.add(String.format(Locale.ROOT, "%.2f,%d,%s", 60 + shift + 25 * random.nextGaussian(),
                    18 + (int) (shift / 2) + random.nextInt(60), regions[random.nextInt(regions.length)]));
        }
        return String.join("\n", lines) + "\n";
    }

    private DriftResult drift() throws IOException {
        Path reference = Files.writeString(dir.resolve("reference.csv"), transactions(1, 0));
        Path current = Files.writeString(dir.resolve("current.csv"), transactions(2, 0));
        return DriftCheck.withDefaults().run(CsvSource.open(reference, "reference", CsvFormat.DEFAULT),
                CsvSource.open(current, "current", CsvFormat.DEFAULT), BuildLog.silent());
    }
}

package io.jenkins.plugins.mlops.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.util.FormValidation;
import org.junit.jupiter.api.Test;

/**
 * registerModel's {@code reportDir} as it is bound: a folder inside the workspace, refused in one line naming it
 * before the step starts (so before MLflow is asked or written to) when it would land anywhere else.
 */
class RegisterModelReportDirTest {
    private final RegisterModelStep step = new RegisterModelStep("fraud-detector", "8f3c0d6e2b4a4f5e9a1b7c3d2e1f0a9b");

    @Test
    void aFolderInsideTheWorkspaceIsKeptAsWritten() {
        step.setReportDir(" reports/gate ");

        assertThat(step.getReportDir()).isEqualTo("reports/gate");
    }

    @Test
    void aBlankReportDirMeansNotGiven() {
        step.setReportDir("  ");

        assertThat(step.getReportDir()).isNull();
    }

    @Test
    void aDotDotThatStaysInsideTheWorkspaceIsAccepted() {
        step.setReportDir("build/../reports/gate");

        assertThat(step.getReportDir()).isEqualTo("build/../reports/gate");
    }

    @Test
    void anAbsolutePathIsOneLineNamingReportDirAndSayingWhatToWrite() {
        assertThatThrownBy(() -> step.setReportDir("/var/lib/jenkins/reports"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reportDir must be a folder relative to the workspace, got '/var/lib/jenkins/reports'; "
                        + "e.g. reportDir: 'reports/gate'");
    }

    @Test
    void aWindowsDrivePathIsAbsoluteToo() {
        assertThatThrownBy(() -> step.setReportDir("C:\\jenkins\\reports"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("reportDir must be a folder relative to the workspace, got 'C:\\jenkins");
    }

    @Test
    void aPathLeavingTheWorkspaceThroughDotDotIsOneLineNamingReportDir() {
        assertThatThrownBy(() -> step.setReportDir("reports/../../shared/gate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reportDir must stay inside the workspace, got 'reports/../../shared/gate' (its '..' "
                        + "leaves it); e.g. reportDir: 'reports/gate'");
    }

    @Test
    void theFormShowsTheSameErrorAsTheStepAndAcceptsAnEmptyField() {
        RegisterModelStep.DescriptorImpl form = new RegisterModelStep.DescriptorImpl();

        assertThat(form.doCheckReportDir("../gate").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(form.doCheckReportDir("../gate").getMessage()).startsWith("reportDir must stay inside the workspace");
        assertThat(form.doCheckReportDir("reports/gate").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(form.doCheckReportDir("").kind).as("empty: not given").isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void theFreestyleBuildStepNeedsAWorkspaceWithAReportDir() {
        RegisterModelBuilder builder = new RegisterModelBuilder(step);

        step.setReportDir("reports/gate");

        assertThat(builder.requiresWorkspace()).isTrue();
    }
}

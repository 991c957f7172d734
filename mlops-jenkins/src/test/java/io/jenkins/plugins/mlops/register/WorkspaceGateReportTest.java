package io.jenkins.plugins.mlops.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.TestWorkspaces;
import io.jenkins.plugins.mlops.StepEnvironment;
import io.jenkins.plugins.mlops.harness.BufferListener;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.gate.GateReportFiles;
import io.mlopsbridge.log.BuildLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What registerModel does with {@code reportDir} before it registers anything: the folder in the workspace made
 * and found writable, or one line naming reportDir; nothing at all without a gate. No build and no MLflow.
 */
class WorkspaceGateReportTest {
    private final BufferListener listener = new BufferListener();
    private final BuildLog log = StepEnvironment.log(listener, List.of());
    private final RegisterModelStep step = new RegisterModelStep("fraud-detector", "8f3c0d6e2b4a4f5e9a1b7c3d2e1f0a9b");
    @TempDir
    Path workspace;

    @Test
    void theFolderIsMadeInTheWorkspaceBeforeTheRegistration() throws Exception {
        step.setGate("auc >= 0.9");
        step.setReportDir("reports/gate");

        WorkspaceGateReport report = WorkspaceGateReport.prepare(step, TestWorkspaces.of(workspace.toFile()), log);

        assertThat(workspace.resolve("reports/gate")).isDirectory().isEmptyDirectory();
        assertThat(report.pathOf("gate-report.json")).isEqualTo("reports/gate/gate-report.json");
    }

    @Test
    void aFolderThatIsAFileIsOneLineNamingReportDir() throws Exception {
        Files.writeString(workspace.resolve("reports"), "not a folder");
        step.setGate("auc >= 0.9");
        step.setReportDir("reports/gate");

        assertThatThrownBy(() -> WorkspaceGateReport.prepare(step, TestWorkspaces.of(workspace.toFile()), log))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("reportDir " + workspace.resolve("reports/gate") + ": "
                        + workspace.resolve("reports") + " is a file; a directory is needed")
                .hasMessageContaining("(give reportDir a directory").hasMessageNotContaining("--report-dir");
    }

    @Test
    void aReportFileThatIsADirectoryInTheFolderIsOneLineNamingReportDirAndTheFile() throws Exception {
        Path inTheWay = Files.createDirectories(workspace.resolve("reports/gate/gate-report.json"));
        step.setGate("auc >= 0.9");
        step.setReportDir("reports/gate");

        assertThatThrownBy(() -> WorkspaceGateReport.prepare(step, TestWorkspaces.of(workspace.toFile()), log))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("reportDir " + workspace.resolve("reports/gate") + ": " + inTheWay
                        + " is a directory, where the gate report is written as a file")
                .hasMessageNotContaining("--report-dir");
    }

    @Test
    void aReportThatCannotBeCopiedLeavesNeitherFileInTheFolderAndSaysTheVersionIsRegistered(@TempDir Path build)
            throws Exception {
        step.setGate("auc >= 0.9");
        step.setReportDir("reports/gate");
        WorkspaceGateReport report = WorkspaceGateReport.prepare(step, TestWorkspaces.of(workspace.toFile()), log);
        GateReportFiles written = new GateReportFiles(
                Files.writeString(build.resolve("gate-report.json"), "{\"passed\": true}"),
                Files.writeString(build.resolve("gate-report.md"), "# Gate passed"));
        // Something else takes the Markdown report's place after the folder was checked.
        Path inTheWay = Files.createDirectory(workspace.resolve("reports/gate/gate-report.md"));
        Files.writeString(inTheWay.resolve("notes.txt"), "review notes");

        assertThatThrownBy(() -> report.copy(written, "fraud-detector version 3"))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("fraud-detector version 3 is registered, but its gate report could not be"
                        + " copied into reportDir reports/gate: ");
        try (Stream<Path> left = Files.list(workspace.resolve("reports/gate"))) {
            assertThat(left).as("no JSON report without its Markdown twin").containsExactly(inTheWay);
        }
    }

    @Test
    void withoutAGateThereIsNoReportAndTheLogSaysSo() throws Exception {
        step.setReportDir("reports/gate");

        assertThat(WorkspaceGateReport.prepare(step, TestWorkspaces.of(workspace.toFile()), log)).isNull();

        assertThat(workspace.resolve("reports")).doesNotExist();
        assertThat(listener.text()).contains("reportDir reports/gate: no gate, so no gate report is written");
    }

    @Test
    void withoutAWorkspaceAReportDirIsOneLineSayingWhereToCallTheStep() {
        step.setGate("auc >= 0.9");
        step.setReportDir("reports/gate");

        assertThatThrownBy(() -> WorkspaceGateReport.prepare(step, null, log))
                .isInstanceOfSatisfying(MlopsException.class, e -> assertThat(e.oneLine(InputNaming.STEP_PARAMETERS))
                        .isEqualTo("reportDir needs a workspace, and this registerModel runs outside one (call "
                                + "registerModel inside node { } (or a stage with an agent), or leave reportDir out)"));
    }
}

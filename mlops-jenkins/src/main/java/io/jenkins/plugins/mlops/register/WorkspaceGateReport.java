package io.jenkins.plugins.mlops.register;

import hudson.AbortException;
import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.OneLine;
import io.mlopsbridge.gate.GateReportFiles;
import io.mlopsbridge.gate.GateReportWriter;
import io.mlopsbridge.log.BuildLog;
import java.io.File;
import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import jenkins.MasterToSlaveFileCallable;

/**
 * The gate report's copy in the workspace ({@code reportDir}), for archiveArtifacts or publishHTML as with the
 * shared library: the folder is checked, and made, on the agent that holds the workspace before anything remote
 * happens; after the gate, the two reports the engine wrote into the build's folder are written there too, on that
 * agent through {@link FilePath#act}, by the engine's own writer.
 */
final class WorkspaceGateReport {
    private final String reportDir;
    private final FilePath folder;

    private WorkspaceGateReport(String reportDir, FilePath folder) {
        this.reportDir = reportDir;
        this.folder = folder;
    }

    /**
     * The copy {@code step} asks for, with its folder ready; null when it asks for none, or has no gate: then there
     * is no report, the log says so and the workspace is not touched.
     */
    static WorkspaceGateReport prepare(RegisterModelStep step, FilePath workspace, BuildLog log)
            throws IOException, InterruptedException {
        String reportDir = step.getReportDir();
        if (reportDir == null) {
            return null;
        }
        if (step.getGate() == null) {
            log.info("reportDir " + reportDir + ": no gate, so no gate report is written");
            return null;
        }
        if (workspace == null) {
            throw MlopsException.input("reportDir needs a workspace, and this registerModel runs outside one",
                    "call registerModel inside node { } (or a stage with an agent), or leave reportDir out");
        }
        String problem = workspace.act(new WritableFolder(reportDir));
        if (problem != null) {
            throw new AbortException(problem);
        }
        return new WorkspaceGateReport(reportDir, workspace.child(reportDir));
    }

    /**
     * Copies the engine's report files into the folder, on the agent as the engine writes them: each replaced by a
     * rename, and neither left when one cannot be written, so the folder never holds half a report or a new JSON
     * report beside an older Markdown one.
     */
    void copy(GateReportFiles files, String registered) throws AbortException, InterruptedException {
        String problem;
        try {
            problem = folder.act(new WrittenReports(Files.readString(files.json(), StandardCharsets.UTF_8),
                    Files.readString(files.markdown(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            problem = OneLine.of(String.valueOf(e.getMessage()));
        }
        if (problem != null) {
            throw new AbortException(registered + " is registered, but its gate report could not be copied into "
                    + "reportDir " + reportDir + ": " + problem);
        }
    }

    /** A report file's path as the step's result gives it: in the workspace, as the shared library's CLI does. */
    String pathOf(String fileName) {
        return reportDir.replaceAll("[/\\\\]+$", "") + "/" + fileName;
    }

    /** On the agent: the reports written into the folder by the engine's own writer. */
    private static final class WrittenReports extends MasterToSlaveFileCallable<String> {
        @Serial
        private static final long serialVersionUID = 1L;

        private final String json;
        private final String markdown;

        WrittenReports(String json, String markdown) {
            this.json = json;
            this.markdown = markdown;
        }

        /** Null when both were written; else why not, in one line. */
        @Override
        public String invoke(File folder, VirtualChannel channel) {
            try {
                GateReportWriter.writeTo(folder.toPath(), json, markdown);
                return null;
            } catch (MlopsException e) {
                return e.getMessage();
            }
        }
    }

    /** On the agent: the engine's own check that reports can be written into the folder (it is made when missing). */
    private static final class WritableFolder extends MasterToSlaveFileCallable<String> {
        @Serial
        private static final long serialVersionUID = 1L;

        private final String reportDir;

        WritableFolder(String reportDir) {
            this.reportDir = reportDir;
        }

        /** Null when the folder can be written; else the one line saying why not, naming reportDir. */
        @Override
        public String invoke(File workspace, VirtualChannel channel) {
            try {
                GateReportWriter.requireWritableDirectory(workspace.toPath().resolve(reportDir));
                return null;
            } catch (MlopsException e) {
                return e.oneLine(InputNaming.STEP_PARAMETERS);
            }
        }
    }
}

package io.jenkins.plugins.mlops.drift;

import hudson.remoting.VirtualChannel;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.ColumnOverride;
import io.mlopsbridge.drift.DriftCheck;
import io.mlopsbridge.drift.DriftInputNames;
import io.mlopsbridge.drift.DriftMethod;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.drift.input.CsvFormat;
import io.mlopsbridge.drift.input.Sources;
import io.mlopsbridge.drift.input.TabularSource;
import io.mlopsbridge.drift.profile.DatasetProfile;
import io.mlopsbridge.drift.profile.ProfileFile;
import io.mlopsbridge.drift.report.HtmlReport;
import io.mlopsbridge.drift.report.JunitReport;
import io.mlopsbridge.drift.report.OutputPaths;
import io.mlopsbridge.drift.report.ReportFile;
import io.mlopsbridge.gate.GateExpression;
import io.mlopsbridge.log.BuildLog;
import java.io.File;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jenkins.MasterToSlaveFileCallable;

/**
 * The drift check, run on the agent that holds the workspace: both datasets are read there, reports are written
 * there, and only the result's JSON (a few kilobytes, never rows) and the log lines travel back. Without current
 * data, only the reference is read and its profile saved, and only the log lines travel back.
 */
final class DriftOnAgent extends MasterToSlaveFileCallable<DriftOnAgent.Outcome> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final DriftSpec spec;

    DriftOnAgent(DriftSpec spec) {
        this.spec = spec;
    }

    /** What comes back to the controller: a comparison's result, or (without current data) only the log lines. */
    record Outcome(String json, boolean drifted, String summary, List<String> log) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        static Outcome profileOnly(List<String> log) {
            return new Outcome(null, false, null, log);
        }
    }

    @Override
    public Outcome invoke(File workspace, VirtualChannel channel) throws IOException {
        List<String> lines = new ArrayList<>();
        BuildLog log = new BuildLog() {
            @Override
            public void info(String line) {
                lines.add(line);
            }

            @Override
            public void warn(String line) {
                lines.add("WARNING: " + line);
            }
        };
        DriftCheck check = configure();
        CsvFormat format = format();
        // Unset is the command line's default: 0, the automatic choice of parts for a large CSV file.
        int partitions = spec.partitions() == null ? 0 : spec.partitions();
        Path reference = workspace.toPath().resolve(spec.reference());
        requireDistinctFiles(workspace.toPath());
        boolean fromProfile = ProfileFile.isProfile(reference);
        // Refused, unlike the command line (whose copy can move a profile into MLflow): here it would only copy a
        // workspace file, and is most likely a build meant to compare that forgot current.
        if (fromProfile && spec.current() == null) {
            throw MlopsException.input("reference: " + spec.reference() + " is already a saved profile, and without "
                    + "current there is nothing to profile", "give current, the data to compare with it, e.g. "
                    + "current: 'data/last-week.csv'");
        }
        DatasetProfile saved = fromProfile ? ProfileFile.load(reference) : null;
        TabularSource referenceData = fromProfile ? null : Sources.open(reference, "reference", format,
                partitions);
        TabularSource current = spec.current() == null ? null
                : Sources.open(workspace.toPath().resolve(spec.current()), "current", format, partitions);
        // As the command line does: the options are checked against both headers before either file is read, so a
        // mistake (an excluded column in neither file) costs no read and writes no profile.
        check.checkOptions(fromProfile ? saved.columnNames() : referenceData.header(),
                fromProfile ? saved.source() : referenceData.name(), current);
        DatasetProfile profile = fromProfile ? saved : check.profile(referenceData, log);
        if (current == null) { // as the command line does without --current: the profile saved, nothing compared
            saveProfile(profile, workspace, log);
            return Outcome.profileOnly(lines);
        }
        // As the command line does: reference data (not a saved profile) is read again where a KS statistic of a
        // binned column needs its values, so the step returns the exact D and p, not only their bounds.
        DriftResult result = fromProfile ? check.compare(profile, true, current, log)
                : check.compare(profile, referenceData, current, log);
        // Saved only once the comparison succeeded, as the command line saves --profile-out: a check that fails on
        // the current data (too many bad rows) leaves no profile that later builds would take for a finished one.
        if (spec.profile() != null) {
            saveProfile(profile, workspace, log);
        }
        if (result.badRowsLine() != null) {
            log.warn(result.badRowsLine());
        }
        if (spec.html() != null) {
            HtmlReport.write(workspace.toPath().resolve(spec.html()), result);
        }
        if (spec.junit() != null) {
            ReportFile.write(workspace.toPath().resolve(spec.junit()), JunitReport.render(result), "JUnit report");
        }
        return new Outcome(result.toJson(), result.drifted(), result.summary(), lines);
    }

    /**
     * As the command line does, before anything is read: no output may be an input (it would replace the data) or
     * another output (only the one written last would be kept).
     */
    private void requireDistinctFiles(Path workspace) {
        new OutputPaths(workspace).input(DriftInputNames.REFERENCE, given(spec.reference()))
                .input(DriftInputNames.CURRENT, given(spec.current()))
                .output(DriftInputNames.PROFILE, given(spec.profile()))
                .output(DriftInputNames.JSON, given(spec.json()))
                .output(DriftInputNames.HTML, given(spec.html()))
                .output(DriftInputNames.JUNIT, given(spec.junit()));
    }

    /** A workspace-relative parameter as a path, or null when not given. */
    private static Path given(String path) {
        return path == null ? null : Path.of(path);
    }

    private void saveProfile(DatasetProfile profile, File workspace, BuildLog log) throws IOException {
        Path out = workspace.toPath().resolve(spec.profile());
        Files.createDirectories(out.getParent()); // like the reports: a folder in the workspace is made
        ProfileFile.save(profile, out);
        if (!Boolean.TRUE.equals(spec.profileForController())) { // else the controller says where it was kept
            log.info("drift: saved reference profile to " + spec.profile());
        }
    }

    /** As the command line builds it from --delimiter and --quote; an unset one is the default's character. */
    private CsvFormat format() {
        char delimiter = spec.delimiter() == null ? CsvFormat.DEFAULT.delimiter()
                : CsvFormat.character(spec.delimiter(), DriftInputNames.DELIMITER);
        char quote = spec.quote() == null ? CsvFormat.DEFAULT.quote()
                : CsvFormat.character(spec.quote(), DriftInputNames.QUOTE);
        return new CsvFormat(delimiter, quote);
    }

    private DriftCheck configure() {
        DriftCheck check = DriftCheck.withDefaults().with(DriftMethod.parse(spec.method()));
        if (spec.threshold() != null) {
            check = check.withThreshold(spec.threshold());
        }
        if (spec.driftShare() != null) {
            check = check.withDriftShare(spec.driftShare());
        }
        if (spec.maxBadRows() != null) {
            check = check.withMaxBadRows(spec.maxBadRows());
        }
        if (!spec.columns().isEmpty()) {
            check = check.withColumns(spec.columns());
        }
        if (!spec.exclude().isEmpty()) {
            check = check.withoutColumns(spec.exclude());
        }
        // The command line's own COLUMN=VALUE entries, read by the same parser.
        check = ColumnOverride.thresholds(ColumnOverride.methods(check, spec.columnMethods()), spec.columnThresholds());
        check = check.withColumnKinds(spec.numeric(), spec.categorical());
        if (spec.rule() != null) {
            check = check.withRule(GateExpression.parse(spec.rule()));
        }
        return check;
    }
}

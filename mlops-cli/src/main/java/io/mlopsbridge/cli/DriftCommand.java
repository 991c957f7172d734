package io.mlopsbridge.cli;

import io.mlopsbridge.core.DurationText;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.drift.ColumnDrift;
import io.mlopsbridge.drift.ColumnOverride;
import io.mlopsbridge.drift.DriftCheck;
import io.mlopsbridge.drift.DriftInputNames;
import io.mlopsbridge.drift.DriftMethod;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.drift.ModelProfiles;
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
import io.mlopsbridge.core.QuotedInput;
import io.mlopsbridge.registry.RegistryNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import io.mlopsbridge.drift.RetrainDecision;
import io.mlopsbridge.drift.RetrainTrigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mlops drift}: compares current data with a reference (data or saved profile), column by column. */
@Command(name = "drift",
        description = {
            "Checks whether current data has drifted from a reference, column by column, with Evidently's tests "
                    + "and thresholds by default. Reads each file once with bounded memory.",
            "REF may be a CSV or Parquet file, or a profile saved with --profile-out."},
        footer = {"", "Exit codes: 0 no drift, 1 drift, 2 usage or input error, 3 remote system error, 130/143 aborted "
                + "by SIGINT/SIGTERM (while reading, from MLflow too: nothing written; later: nothing more written).",
            "Example: mlops drift --reference train.csv --current last-week.csv --html drift.html "
                    + "--rule 'drift_share <= 0.3 && psi.amount < 0.25'"})
public final class DriftCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @ParentCommand
    MlopsCommand parent;

    @Option(names = "--reference", required = true, paramLabel = "REF",
            description = "Reference data (CSV or Parquet), a saved drift profile (JSON), or models:/NAME/VERSION "
                    + "(models:/NAME@ALIAS) for the profile kept with that model version in MLflow.")
    String reference;

    @Option(names = "--current", paramLabel = "CUR",
            description = "Current data (CSV or Parquet). May be left out with --profile-out to only save a profile.")
    Path current;

    @Option(names = "--columns", split = ",", paramLabel = "NAME", description = "Compare only these columns.")
    List<String> columns = new ArrayList<>();

    @Option(names = "--exclude", split = ",", paramLabel = "NAME", description = "Leave these columns out.")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "auto",
            description = "auto (Evidently's choice per column), ks, psi, wasserstein, js, chi2, z, kl or hellinger. "
                    + "Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--threshold", paramLabel = "X",
            description = "Threshold for every column (default: the method's own, 0.05 for p-values, 0.1 for "
                    + "distances). In (0, 1) for the p-value tests ks, chi2 and z; 0 or more for distances.")
    Double threshold;

    @Option(names = "--column-method", paramLabel = "COLUMN=METHOD",
            description = "Method for one compared column; repeatable.")
    List<String> columnMethods = new ArrayList<>();

    @Option(names = "--column-threshold", paramLabel = "COLUMN=X",
            description = "Threshold for one compared column, as --threshold; repeatable.")
    List<String> columnThresholds = new ArrayList<>();

    @Option(names = "--numeric", split = ",", paramLabel = "NAME", description = "Treat these columns as numeric.")
    List<String> numeric = new ArrayList<>();

    @Option(names = "--categorical", split = ",", paramLabel = "NAME",
            description = "Treat these columns as categorical.")
    List<String> categorical = new ArrayList<>();

    @Option(names = "--drift-share", paramLabel = "SHARE", defaultValue = "0.5",
            description = "Share of drifted columns at which the dataset has drifted. Default: ${DEFAULT-VALUE}.")
    double driftShare;

    @Option(names = "--rule", paramLabel = "EXPR",
            description = "Gate expression describing acceptable data; drift when it fails. Metrics: drift_share, "
                    + "drifted_count, column_count, <method>.<column> (e.g. psi.amount), drifted.<column> for the "
                    + "compared columns; no champion.* metrics.")
    String rule;

    @Option(names = "--max-bad-rows", paramLabel = "N", defaultValue = "100",
            description = "Bad rows tolerated per file before failing. Default: ${DEFAULT-VALUE}.")
    long maxBadRows;

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",",
            description = "CSV field delimiter (\\t for tab). Default: '${DEFAULT-VALUE}'.")
    String delimiter;

    @Option(names = "--quote", paramLabel = "CHAR", defaultValue = "\"", description = "CSV quote character.")
    String quote;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Profile a large CSV file in N parts cut at line breaks, read in parallel and merged "
                    + "(1: one pass); never in parts smaller than 64 KiB, so a smaller file gets fewer parts (under"
                    + " 128 KiB, one pass). Default: automatic (one part per 8 cores, at least 128 MB each).")
    int partitions;

    @Option(names = "--profile-out", paramLabel = "FILE",
            description = "Save the reference profile to FILE, or with a model version: models:/NAME/VERSION or "
                    + "models:/NAME@ALIAS (as an artifact of the version's run).")
    String profileOut;

    @Option(names = "--json", paramLabel = "FILE", arity = "0..1", fallbackValue = "-",
            description = "Write the result as JSON to FILE, or to stdout when FILE is left out or '-'.")
    String json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report.")
    Path html;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML, one test case per column.")
    Path junit;

    @Option(names = "--model", paramLabel = "NAME",
            description = "Registered model in MLflow: decide whether this drift triggers its retraining (tag "
                    + RetrainTrigger.LAST_TRIGGER_TAG + " keeps the last trigger time).")
    String model;

    @Option(names = "--cooldown", paramLabel = "DURATION", defaultValue = "24h",
            description = "Least time between two retraining triggers of the model, e.g. 30m, 24h, 7d. "
                    + "Default: ${DEFAULT-VALUE}.")
    String cooldown;

    @Mixin
    MlflowOptions mlflowOptions;

    @Override
    public Integer call() {
        requireValues();
        PrintWriter out = spec.commandLine().getOut();
        BuildLog log = parent.context().log();
        DriftCheck check = configure().withProgress(parent.context().progress());
        CsvFormat format = new CsvFormat(CsvFormat.character(delimiter, DriftInputNames.DELIMITER),
                CsvFormat.character(quote, DriftInputNames.QUOTE));
        if (current == null && profileOut == null) {
            throw MlopsException.input("--current is missing", "give --current CUR, or --profile-out FILE to only "
                    + "save the reference profile");
        }
        if (partitions < 0) {
            throw MlopsException.input("--partitions must be 0 (automatic) or more, got " + partitions,
                    "e.g. --partitions 4, or leave it out");
        }
        java.time.Duration cooldownDuration = DurationText.parse(cooldown, "--cooldown");
        RetrainTrigger.requireModelForCooldown(
                spec.commandLine().getParseResult().hasMatchedOption("--cooldown") ? cooldown : null, model);
        if (model != null) {
            RegistryNames.requireModelName(model); // MLflow would refuse it only after both files were read
        }
        ModelProfiles.ModelRef profileVersion = profileOut != null && ModelProfiles.isModelUri(profileOut)
                ? ModelProfiles.parse(profileOut) : null;
        requireWritableOutputs();
        // Ctrl-C or SIGTERM stops the reads (of MLflow too), and with them the check; nothing is written after it.
        CancellableCheck stop = new CancellableCheck(parent.context().cancellation());
        // Every input is opened (headers, a saved profile) before the first long read, and the profile is saved only
        // after the comparison: a mistake in any input then stops the check before anything is written (a profile
        // kept with a model version replaced by one the failed check read), and before the long read where it can.
        OpenedReference ref = openReference(format, log, stop);
        TabularSource cur = current == null ? null : Sources.open(current, "current", format, partitions);
        check.checkOptions(ref.columns(), ref.name(), cur);
        ModelProfiles.UploadTarget uploadTarget = profileVersion == null ? null : stop.remote(() ->
                ModelProfiles.uploadTarget(mlflowReads(), ModelProfiles.resolve(mlflowReads(), profileVersion, log)));
        DatasetProfile profile = ref.profile() != null ? ref.profile()
                : stop.read(() -> check.profile(ref.data(), log));
        if (cur == null) {
            saveProfile(profile, uploadTarget, log, stop);
            return ExitCode.OK;
        }
        DriftResult result = stop.read(() -> ref.data() != null ? check.compare(profile, ref.data(), cur, log)
                : check.compare(profile, true, cur, log));
        saveProfile(profile, uploadTarget, log, stop);
        DriftResult reported = model == null ? result
                : result.withRetrain(retrainDecision(result.drifted(), cooldownDuration, log, stop));
        // The result files and the table together: a stop leaves none or all of them.
        stop.write("the reports", () -> writeReports(out, reported));
        return result.drifted() ? ExitCode.VERDICT_FAILED : ExitCode.OK;
    }

    /**
     * Decides on retraining --model. A stop cuts its read off; its tag write is sent only while not stopped and never
     * cut off half-way, and once it is recorded the reports that carry it are written even after a stop.
     */
    private RetrainDecision retrainDecision(boolean drifted, java.time.Duration cooldownDuration, BuildLog log,
                                            CancellableCheck stop) {
        RetrainDecision decision = stop.remote(() -> RetrainTrigger.of(mlflow()).withCooldown(cooldownDuration)
                .decide(model, drifted, log, parent.context().cancellation()));
        if (decision.retrain()) {
            stop.commit("the retraining trigger of model " + model);
        }
        return decision;
    }

    private void writeReports(PrintWriter out, DriftResult result) {
        if (json != null) {
            if (json.equals("-")) {
                parent.context().printResult(true, CliContext.jsonTree(result.toJson()), null);
            } else {
                ReportFile.write(Path.of(json), result.toJson() + "\n", "JSON result");
            }
        }
        if (html != null) {
            HtmlReport.write(html, result);
        }
        if (junit != null) {
            ReportFile.write(junit, JunitReport.render(result), "JUnit report");
        }
        if (!"-".equals(json)) {
            printTable(out, result);
        }
        out.flush();
    }

    /**
     * An empty value (often a shell variable that was never set) would name the working directory: read as a directory
     * of part files, or refused as an output only because it is a directory.
     */
    private void requireValues() {
        EmptyOption.refuse(reference, "--reference",
                "give a data file, a directory of part files, a saved profile or models:/NAME/VERSION");
        EmptyOption.refuse(current, "--current", "give a CSV or Parquet file, or a directory of part files");
        EmptyOption.refuse(profileOut, "--profile-out", "give a file, or models:/NAME/VERSION");
        EmptyOption.refuse(json, "--json", "give a file, or - (or no value) for stdout");
        EmptyOption.refuse(html, "--html", "give a file");
        EmptyOption.refuse(junit, "--junit", "give a file");
    }


    /** The reference as given: data whose header is read, or a saved profile (from a file or a model version). */
    private record OpenedReference(TabularSource data, DatasetProfile profile) {
        List<String> columns() {
            return data != null ? data.header() : profile.columnNames();
        }

        String name() {
            return data != null ? data.name() : profile.source();
        }
    }

    private OpenedReference openReference(CsvFormat format, BuildLog log, CancellableCheck stop) {
        if (ModelProfiles.isModelUri(reference)) {
            ModelProfiles.ModelRef ref = stop.remote(() ->
                    ModelProfiles.resolve(mlflowReads(), ModelProfiles.parse(reference), log));
            DatasetProfile profile = ProfileFile.load(stop.remote(() -> ModelProfiles.download(mlflowReads(), ref,
                    scratchFile("reference.json"))));
            log.info("drift: reference profile from " + ref);
            return new OpenedReference(null, profile);
        }
        Path path = Path.of(reference);
        if (ProfileFile.isProfile(path)) {
            return new OpenedReference(null, ProfileFile.load(path));
        }
        return new OpenedReference(Sources.open(path, "reference", format, partitions), null);
    }

    /**
     * Saves the reference profile where --profile-out says: a file, or the model version's run. The upload goes
     * through the client no stop cuts off: a profile cut off half-way would replace the version's good one.
     */
    private void saveProfile(DatasetProfile profile, ModelProfiles.UploadTarget uploadTarget, BuildLog log,
                             CancellableCheck stop) {
        if (uploadTarget != null) {
            stop.write("the reference profile with " + uploadTarget.ref(), () -> {
                Path file = scratchFile("profile-out.json");
                ProfileFile.save(profile, file);
                ModelProfiles.upload(mlflow(), uploadTarget, file);
            });
            log.info("drift: saved reference profile with " + uploadTarget.ref() + " (" + ModelProfiles.ARTIFACT_PATH
                    + ")");
        } else if (profileOut != null) {
            stop.write("the reference profile to " + profileOut, () -> ProfileFile.save(profile, Path.of(profileOut)));
            log.info("drift: saved reference profile to " + profileOut);
        }
    }

    /**
     * Every local output is checked before the first read (none may be an input or another output) and before the
     * first remote write (a retraining trigger, an uploaded profile).
     */
    private void requireWritableOutputs() {
        Path referenceFile = ModelProfiles.isModelUri(reference) ? null : Path.of(reference);
        new OutputPaths().input(DriftInputNames.REFERENCE, referenceFile).input(DriftInputNames.CURRENT, current)
                .output(DriftInputNames.PROFILE, profileOut == null || ModelProfiles.isModelUri(profileOut) ? null
                        : Path.of(profileOut))
                .output(DriftInputNames.JSON, json == null || json.equals("-") ? null : Path.of(json))
                .output(DriftInputNames.HTML, html)
                .output(DriftInputNames.JUNIT, junit);
        if (json != null && !json.equals("-")) {
            ReportFile.requireWritable(Path.of(json), "JSON result");
        }
        if (html != null) {
            ReportFile.requireWritable(html, "HTML report");
        }
        if (junit != null) {
            ReportFile.requireWritable(junit, "JUnit report");
        }
        if (profileOut != null && !ModelProfiles.isModelUri(profileOut)) {
            ReportFile.requireWritable(Path.of(profileOut), "profile");
        }
    }

    private io.mlopsbridge.mlflow.MlflowClient mlflowClient;
    private io.mlopsbridge.mlflow.MlflowClient mlflowReads;
    private Path scratchDir;

    /** The client for writes: a write in flight is never cut off (see {@link CancellableCheck}). */
    private io.mlopsbridge.mlflow.MlflowClient mlflow() {
        if (mlflowClient == null) {
            mlflowClient = parent.context().mlflow(mlflowOptions.trackingUri);
        }
        return mlflowClient;
    }

    /** The client for reads: a stop cuts off a read in flight and sends nothing more. */
    private io.mlopsbridge.mlflow.MlflowClient mlflowReads() {
        if (mlflowReads == null) {
            mlflowReads = mlflow().cancelledBy(parent.context().cancellation());
        }
        return mlflowReads;
    }

    /** A file in a private temporary directory (profiles moved to or from MLflow), both removed at exit. */
    private Path scratchFile(String name) {
        Path file = scratch().resolve(name);
        file.toFile().deleteOnExit(); // registered after the directory, so deleted before it
        return file;
    }

    private Path scratch() {
        if (scratchDir == null) {
            try {
                scratchDir = java.nio.file.Files.createTempDirectory("mlops-drift-");
            } catch (java.io.IOException e) {
                throw MlopsException.input("cannot create a temporary directory: " + e.getMessage(),
                        "check java.io.tmpdir");
            }
            scratchDir.toFile().deleteOnExit();
        }
        return scratchDir;
    }

    private DriftCheck configure() {
        DriftCheck check = DriftCheck.withDefaults().with(DriftMethod.parse(method)).withDriftShare(driftShare)
                .withMaxBadRows(maxBadRows).withColumns(columns).withoutColumns(exclude);
        if (threshold != null) {
            check = check.withThreshold(threshold);
        }
        check = ColumnOverride.thresholds(ColumnOverride.methods(check, columnMethods), columnThresholds);
        check = check.withColumnKinds(numeric, categorical);
        if (rule != null) {
            check = check.withRule(GateExpression.parse(rule));
        }
        return check;
    }

    /** The table of columns; names (and reasons, which quote them) come from the data's header, so are escaped. */
    private static void printTable(PrintWriter out, DriftResult result) {
        out.printf(Locale.ROOT, "%-24s %-12s %-11s %12s  %-16s %s%n", "COLUMN", "KIND", "METHOD", "SCORE", "DRIFT IF",
                "VERDICT");
        for (ColumnDrift c : result.columns()) {
            out.printf(Locale.ROOT, "%-24s %-12s %-11s %12.6g  %-16s %s%n", QuotedInput.escaped(c.column()),
                    c.kind().id(), c.method().id(), c.score(), c.rule(), c.drifted() ? "DRIFT" : "ok");
        }
        for (DriftResult.Skipped s : result.skipped()) {
            out.printf(Locale.ROOT, "%-24s skipped: %s%n", QuotedInput.escaped(s.column()),
                    QuotedInput.escaped(s.reason()));
        }
        if (result.badRowsLine() != null) {
            out.println(QuotedInput.escaped(result.badRowsLine()));
        }
        out.println(result.summary());
        if (result.retrain() != null) {
            out.println("retrain " + result.retrain().model() + ": " + result.retrain().retrain() + " ("
                    + result.retrain().reason() + ")");
        }
    }
}

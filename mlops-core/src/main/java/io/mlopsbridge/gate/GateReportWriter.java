package io.mlopsbridge.gate;

import static io.mlopsbridge.gate.GateInputNames.REPORT_DIR;

import io.mlopsbridge.core.IoFailure;
import io.mlopsbridge.core.MlopsException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Writes a {@link GateVerdict}'s JSON and Markdown reports to files, each replaced atomically so a reader (or an
 * archived build artifact) never sees half a report. Paths are on the machine that runs the engine (a Jenkins agent).
 */
public final class GateReportWriter {
    /** File name of the JSON report inside the report directory. */
    public static final String JSON_FILE = "gate-report.json";
    /** File name of the Markdown report inside the report directory. */
    public static final String MARKDOWN_FILE = "gate-report.md";

    private GateReportWriter() {
    }

    /**
     * Writes {@value #JSON_FILE} and {@value #MARKDOWN_FILE} into {@code directory}, creating it when missing, as a
     * pair: when one cannot be written, neither is left, so a new JSON report never sits beside an older Markdown one.
     */
    public static GateReportFiles writeTo(Path directory, GateVerdict verdict) {
        return writeTo(directory, verdict.toJson(), verdict.toMarkdown());
    }

    /**
     * Writes reports already rendered ({@link GateVerdict#toJson()}, {@link GateVerdict#toMarkdown()}) as
     * {@link #writeTo(Path, GateVerdict)} does: for a copy made where the verdict is not at hand (a Jenkins agent).
     */
    public static GateReportFiles writeTo(Path directory, String jsonReport, String markdownReport) {
        Path json = directory.resolve(JSON_FILE);
        Path markdown = directory.resolve(MARKDOWN_FILE);
        write(json, jsonReport);
        try {
            write(markdown, markdownReport);
        } catch (MlopsException e) {
            deleteQuietly(json.toAbsolutePath());
            throw e;
        }
        return new GateReportFiles(json, markdown);
    }

    /**
     * Checks, before anything remote is written, that reports can be written into {@code directory}: creates it
     * when missing and writes and removes a probe file, so a path that is a file or not writable is an input error
     * while nothing has happened yet.
     */
    public static void requireWritableDirectory(Path directory) {
        Path target = directory.toAbsolutePath();
        Path file = fileInTheWay(target);
        if (file != null) {
            // The likeliest mistake (the report file itself given as --report-dir), said in words rather than as
            // the I/O error's name.
            throw MlopsException.input(REPORT_DIR + " " + target + (file.equals(target) ? "" : ": " + file)
                    + " is a file; a directory is needed",
                    "give " + REPORT_DIR + " a directory (it is created when missing), e.g. " + REPORT_DIR
                            + " reports/gate");
        }
        String failure = probe(target);
        if (failure != null) {
            throw MlopsException.input("cannot write the gate report to " + target + ": " + failure,
                    "give " + REPORT_DIR + " a directory you can write to (it is created when missing)");
        }
        Path inTheWay = reportInTheWay(target);
        if (inTheWay != null) {
            throw MlopsException.input(REPORT_DIR + " " + target + ": " + inTheWay
                    + " is a directory, where the gate report is written as a file",
                    "remove or rename " + inTheWay + ", or give " + REPORT_DIR + " another directory");
        }
    }

    /**
     * Why no report can be written into {@code directory} (made when missing), in words; empty when one can. For a
     * folder that is not the user's input (a Jenkins build's own folder), where {@link #requireWritableDirectory}'s
     * wording, which names {@code --report-dir}, would blame the wrong thing.
     */
    public static Optional<String> whyUnwritable(Path directory) {
        Path target = directory.toAbsolutePath();
        Path file = fileInTheWay(target);
        if (file != null) {
            return Optional.of(file + " is a file");
        }
        String failure = probe(target);
        if (failure != null) {
            return Optional.of(failure);
        }
        Path inTheWay = reportInTheWay(target);
        return inTheWay == null ? Optional.empty() : Optional.of(inTheWay + " is a directory");
    }

    /**
     * A directory standing where a report file goes, or null. An existing report file is no obstacle: it is
     * replaced by a rename, which needs only the folder to be writable (the probe checked that).
     */
    private static Path reportInTheWay(Path directory) {
        for (String name : new String[] {JSON_FILE, MARKDOWN_FILE}) {
            Path report = directory.resolve(name);
            if (Files.isDirectory(report)) {
                return report;
            }
        }
        return null;
    }

    /** The file standing where {@code target} or one of its parents would be, or null. */
    private static Path fileInTheWay(Path target) {
        Path existing = target;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && !Files.isDirectory(existing) ? existing : null;
    }

    /** Makes {@code target} when missing and writes and removes a probe file: null when that worked, else why not. */
    private static String probe(Path target) {
        try {
            Files.createDirectories(target);
            Files.delete(Files.createTempFile(target, ".mlops-probe", ".tmp"));
            return null;
        } catch (IOException e) {
            return IoFailure.reason(e, null);
        }
    }

    /** Writes the JSON report to {@code file}, creating its directory when missing. */
    public static void writeJson(Path file, GateVerdict verdict) {
        write(file, verdict.toJson());
    }

    /** Writes the Markdown report to {@code file}, creating its directory when missing. */
    public static void writeMarkdown(Path file, GateVerdict verdict) {
        write(file, verdict.toMarkdown());
    }

    private static void write(Path file, String content) {
        Path target = file.toAbsolutePath();
        Path temporary = null;
        try {
            Files.createDirectories(target.getParent());
            temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw MlopsException.input("cannot write gate report " + target + ": " + IoFailure.reason(e, target),
                    "choose a writable report path");
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // The report error is the one to surface; a stray temporary file is harmless.
        }
    }
}

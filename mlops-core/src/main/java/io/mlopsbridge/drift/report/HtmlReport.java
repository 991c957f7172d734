package io.mlopsbridge.drift.report;

import io.mlopsbridge.drift.ColumnDrift;
import io.mlopsbridge.drift.DriftResult;
import io.mlopsbridge.core.QuotedInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An HTML page with its stylesheet in a file beside it ({@link #STYLESHEET}): a summary table sorted by severity and,
 * per column, an inline SVG histogram of reference against current shares. No script, no inline style (no
 * {@code <style>} element, no {@code style=} attribute) and nothing from elsewhere, so the page renders the same under
 * the Content-Security-Policy it declares and under the stricter one Jenkins serves build files with
 * ({@code sandbox; default-src 'none'; img-src 'self'; style-src 'self'}), which would strip inline styles and block
 * scripts. No raw rows: only aggregated shares per bin, so the page stays small whatever the data size.
 */
public final class HtmlReport {
    private static final String REFERENCE_COLOUR = "#4c78a8";
    private static final String CURRENT_COLOUR = "#f58518";
    private static final int WIDTH = 640;
    private static final int HEIGHT = 200;
    private static final int PLOT_TOP = 10;
    private static final int PLOT_BOTTOM = 160;

    /** The stylesheet's file name, beside every page; the same content for every report, so pages may share it. */
    public static final String STYLESHEET = "mlops-drift.css";

    private HtmlReport() {
    }

    /** Writes the page to {@code page} and its stylesheet beside it, each whole or not at all. */
    public static void write(Path page, DriftResult result) {
        ReportFile.write(page, render(result), "HTML report");
        ReportFile.write(page.toAbsolutePath().resolveSibling(STYLESHEET), stylesheet(), "HTML report stylesheet");
    }

    /** The content of {@link #STYLESHEET}. */
    public static String stylesheet() {
        return CSS;
    }

    public static String render(DriftResult result) {
        List<ColumnDrift> columns = new ArrayList<>(result.columns());
        columns.sort(Comparator.comparing(ColumnDrift::drifted).reversed()
                .thenComparing(Comparator.comparingDouble(ColumnDrift::severity).reversed()));
        StringBuilder h = new StringBuilder(16_384);
        String title = "Data drift: " + result.current().source() + " against " + result.reference().source();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'self'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<link rel=\"stylesheet\" href=\"")
                .append(STYLESHEET).append("\">\n")
                .append("</head>\n<body>\n<header>\n<h1>").append(result.drifted() ? "Drift detected" : "No drift")
                .append("</h1>\n<p>");
        h.append("Reference <b>").append(esc(result.reference().source())).append("</b> (")
                .append(result.reference().rows()).append(" rows").append(result.reference().fromProfile()
                        ? ", from a saved profile" : "").append("), current <b>")
                .append(esc(result.current().source())).append("</b> (").append(result.current().rows())
                .append(" rows). ");
        h.append(result.driftedCount()).append(" of ").append(result.columns().size()).append(" columns drifted (share ")
                .append(num(result.driftShare())).append("; the dataset drifts at ")
                .append(num(result.driftShareThreshold())).append(").");
        if (result.rule() != null) {
            h.append(" Rule <code>").append(esc(result.rule())).append("</code> ")
                    .append(result.drifted() ? "failed" : "passed").append('.');
        }
        h.append("</p>\n");
        appendList(h, "Missing in current data", result.missingInCurrent());
        appendList(h, "Only in current data (not compared)", result.addedInCurrent());
        for (DriftResult.Skipped s : result.skipped()) {
            h.append("<p class=\"warn\">Column <b>").append(esc(s.column())).append("</b> not compared: ")
                    .append(esc(s.reason())).append("</p>\n");
        }
        long bad = result.reference().badRows().count() + result.current().badRows().count();
        if (bad > 0) {
            h.append("<p class=\"warn\">Bad rows skipped: reference ").append(result.reference().badRows().count())
                    .append(", current ").append(result.current().badRows().count()).append(".</p>\n<ul class=\"warn\">");
            appendBadExamples(h, "reference", result.reference().badRows());
            appendBadExamples(h, "current", result.current().badRows());
            h.append("</ul>\n");
        }
        if (result.retrain() != null) {
            h.append("<p>Retraining of model <b>").append(esc(result.retrain().model())).append("</b>: ")
                    .append(result.retrain().retrain() ? "triggered" : "not triggered").append(" (")
                    .append(esc(result.retrain().reason())).append(").</p>\n");
        }
        // The filter is a checkbox before both sections, which the stylesheet reads with ":checked ~": no script.
        h.append("</header>\n<h2>Columns by severity</h2>\n")
                .append("<input type=\"checkbox\" id=\"only-drifted\"><label for=\"only-drifted\"> show drifted ")
                .append("columns only</label>\n<section id=\"summary\">\n<table id=\"summary-table\">\n<thead><tr><th>Column</th><th>Kind</th><th>Method</th>")
                .append("<th>Score</th><th>Drift if</th><th>Reference n</th><th>Current n</th><th>Verdict</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < columns.size(); i++) {
            ColumnDrift c = columns.get(i);
            h.append("<tr class=\"").append(c.drifted() ? "drifted" : "stable").append("\" data-column=\"")
                    .append(esc(c.column())).append("\"><td><a href=\"#col-").append(i).append("\">")
                    .append(esc(c.column())).append("</a></td><td>").append(c.kind().id()).append("</td><td>")
                    .append(c.method().id()).append("</td><td>").append(num(c.score()));
            if (c.approximation() != null) {
                h.append(" <span class=\"bound\" title=\"binned: exact score lies in this interval\">[")
                        .append(num(c.approximation().scoreLow())).append(", ")
                        .append(num(c.approximation().scoreHigh())).append("]</span>");
            }
            h.append("</td><td>").append(esc(c.rule())).append("</td><td>").append(c.referenceCount())
                    .append("</td><td>").append(c.currentCount()).append("</td><td>")
                    .append(c.drifted() ? "<b>drift</b>" : "ok").append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n<section id=\"columns\">\n");
        for (int i = 0; i < columns.size(); i++) {
            appendColumn(h, i, columns.get(i));
        }
        h.append("</section>\n<footer>Generated by mlops drift. Histograms show shares per bin; no rows of data are ")
                .append("included.</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void appendList(StringBuilder h, String label, List<String> names) {
        if (!names.isEmpty()) {
            h.append("<p class=\"warn\">").append(esc(label)).append(": ")
                    .append(esc(String.join(", ", names))).append("</p>\n");
        }
    }

    private static void appendColumn(StringBuilder h, int index, ColumnDrift c) {
        h.append("<article class=\"column ").append(c.drifted() ? "drifted" : "stable").append("\" id=\"col-")
                .append(index).append("\" data-column=\"").append(esc(c.column())).append("\">\n<h3>")
                .append(esc(c.column())).append(c.drifted() ? " <span class=\"tag\">drift</span>" : "")
                .append("</h3>\n<p>").append(c.method().id()).append(' ');
        h.append(c.pValue() != null ? "statistic " + num(c.statistic()) + ", p-value " + num(c.pValue())
                : "distance " + num(c.statistic()));
        h.append("; drift if ").append(esc(c.rule())).append(". Missing values: reference ")
                .append(c.referenceMissing()).append(", current ").append(c.currentMissing()).append('.');
        if (c.referenceBad() + c.currentBad() > 0) {
            h.append(" Bad values: reference ").append(c.referenceBad()).append(", current ").append(c.currentBad())
                    .append('.');
        }
        h.append("</p>\n");
        if (c.approximation() != null) {
            h.append("<p class=\"note\">Approximate (").append(esc(c.approximation().basis()))
                    .append("): exact score in [").append(num(c.approximation().scoreLow())).append(", ")
                    .append(num(c.approximation().scoreHigh())).append("]")
                    .append(c.approximation().verdictCertain() ? "; the verdict holds across it."
                            : "; the verdict could change within it.").append("</p>\n");
        }
        if (c.note() != null) {
            h.append("<p class=\"note\">").append(esc(c.note())).append("</p>\n");
        }
        if (c.histogram() != null) {
            appendHistogram(h, c);
        }
        h.append("</article>\n");
    }

    private static void appendHistogram(StringBuilder h, ColumnDrift c) {
        ColumnDrift.Histogram hist = c.histogram();
        int bins = hist.labels().size();
        double top = 0;
        for (int i = 0; i < bins; i++) {
            top = Math.max(top, Math.max(hist.reference()[i], hist.current()[i]));
        }
        if (top <= 0) {
            top = 1;
        }
        double slot = (double) (WIDTH - 20) / Math.max(1, bins);
        double bar = Math.max(1, slot * 0.42);
        h.append("<svg class=\"histogram\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"histogram of ").append(esc(c.column()))
                .append(": reference against current\">\n");
        h.append("<line x1=\"10\" y1=\"").append(PLOT_BOTTOM).append("\" x2=\"").append(WIDTH - 10).append("\" y2=\"")
                .append(PLOT_BOTTOM).append("\" stroke=\"#888\"/>\n");
        for (int i = 0; i < bins; i++) {
            double x = 10 + i * slot + slot * 0.08;
            appendBar(h, x, bar, hist.reference()[i], top, REFERENCE_COLOUR,
                    "reference " + hist.labels().get(i) + ": " + percent(hist.reference()[i]));
            appendBar(h, x + bar, bar, hist.current()[i], top, CURRENT_COLOUR,
                    "current " + hist.labels().get(i) + ": " + percent(hist.current()[i]));
        }
        int[] labelled = bins <= 8 ? java.util.stream.IntStream.range(0, bins).toArray()
                : new int[] {0, bins / 2, bins - 1};
        for (int i : labelled) {
            // Outer labels are anchored inside the picture so they are not cut off.
            boolean first = i == 0 && bins > 1;
            boolean last = i == bins - 1 && bins > 1;
            double x = first ? 10 : last ? WIDTH - 10 : 10 + i * slot + slot / 2;
            String anchor = first ? "start" : last ? "end" : "middle";
            h.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(PLOT_BOTTOM + 16)
                    .append("\" text-anchor=\"").append(anchor).append("\" font-size=\"10\">")
                    .append(esc(shorten(hist.labels().get(i)))).append("</text>\n");
        }
        h.append("<text x=\"10\" y=\"").append(HEIGHT - 6).append("\" font-size=\"11\" fill=\"")
                .append(REFERENCE_COLOUR).append("\">■ reference</text><text x=\"100\" y=\"").append(HEIGHT - 6)
                .append("\" font-size=\"11\" fill=\"").append(CURRENT_COLOUR).append("\">■ current</text>\n");
        h.append("</svg>\n");
    }

    private static void appendBar(StringBuilder h, double x, double width, double share, double top, String colour,
                                  String title) {
        double height = (PLOT_BOTTOM - PLOT_TOP) * share / top;
        h.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(PLOT_BOTTOM - height))
                .append("\" width=\"").append(fmt(width)).append("\" height=\"").append(fmt(height))
                .append("\" fill=\"").append(colour).append("\"><title>").append(esc(title))
                .append("</title></rect>\n");
    }

    private static void appendBadExamples(StringBuilder h, String side, io.mlopsbridge.drift.profile.BadRows bad) {
        for (io.mlopsbridge.drift.profile.BadRows.Example e : bad.examples()) {
            h.append("<li>").append(side).append(' ').append(esc(e.toString())).append("</li>");
        }
    }

    private static String shorten(String label) {
        return label.length() <= 24 ? label : label.substring(0, 23) + "…";
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String num(double v) {
        if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6)) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    /**
     * Text as HTML text or a quoted attribute value. Control characters (from a data file's header) are shown escaped
     * as in the terminal table (ESC as backslash-u001b): raw, the page would hide them.
     */
    static String esc(String text) {
        String s = QuotedInput.escaped(text);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 60em; }
            h1 { margin-bottom: 0.2em; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.7em; text-align: left; }
            tr.drifted td { background: #fdecea; }
            .warn { color: #8a4b00; }
            .note, .bound { color: #555; font-size: 0.9em; }
            .tag { background: #c0392b; color: #fff; border-radius: 3px; padding: 0 0.4em; font-size: 0.7em; }
            article.column { border-top: 1px solid #ccc; padding-top: 0.5em; margin-top: 1em; }
            svg.histogram { width: 100%; max-width: 640px; height: auto; }
            #only-drifted:checked ~ section tr.stable,
            #only-drifted:checked ~ section article.stable { display: none; }
            """;
}

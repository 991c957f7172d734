package io.mlopsbridge.drift.report;

import io.mlopsbridge.drift.ColumnDrift;
import io.mlopsbridge.drift.DriftResult;
import java.util.Locale;

/**
 * JUnit XML with one test case per column, so Jenkins' standard test report (and any CI that reads JUnit XML) lists
 * drifted columns as failures and uncompared ones as skipped.
 */
public final class JunitReport {
    private JunitReport() {
    }

    public static String render(DriftResult result) {
        int failures = result.driftedCount();
        int tests = result.columns().size() + result.skipped().size();
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuite name=\"drift\" tests=\"").append(tests).append("\" failures=\"").append(failures)
                .append("\" errors=\"0\" skipped=\"").append(result.skipped().size()).append("\" time=\"0\">\n");
        x.append("  <properties>\n");
        property(x, "reference", result.reference().source());
        property(x, "current", result.current().source());
        property(x, "drift_share", Double.toString(result.driftShare()));
        property(x, "drifted", Boolean.toString(result.drifted()));
        if (result.rule() != null) {
            property(x, "rule", result.rule());
        }
        x.append("  </properties>\n");
        String classname = "drift." + result.current().source();
        for (ColumnDrift c : result.columns()) {
            x.append("  <testcase classname=\"").append(escape(classname)).append("\" name=\"")
                    .append(escape(c.column())).append("\" time=\"0\">\n");
            String line = String.format(Locale.ROOT, "%s %s = %.6g (drift if %s)", c.column(), c.method().id(),
                    c.score(), c.rule());
            if (c.drifted()) {
                x.append("    <failure message=\"").append(escape(line)).append("\" type=\"drift\">")
                        .append(escape(details(c))).append("</failure>\n");
            } else {
                x.append("    <system-out>").append(escape(line + "\n" + details(c))).append("</system-out>\n");
            }
            x.append("  </testcase>\n");
        }
        for (DriftResult.Skipped s : result.skipped()) {
            x.append("  <testcase classname=\"").append(escape(classname)).append("\" name=\"")
                    .append(escape(s.column())).append("\" time=\"0\">\n    <skipped message=\"")
                    .append(escape(s.reason())).append("\"/>\n  </testcase>\n");
        }
        x.append("</testsuite>\n");
        return x.toString();
    }

    private static String details(ColumnDrift c) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "statistic %.6g", c.statistic()));
        if (c.pValue() != null) {
            s.append(String.format(Locale.ROOT, ", p-value %.6g", c.pValue()));
        }
        s.append(String.format(Locale.ROOT, "; reference %d values, current %d values", c.referenceCount(),
                c.currentCount()));
        if (c.approximation() != null) {
            s.append(String.format(Locale.ROOT, "; binned, exact score in [%.6g, %.6g]", c.approximation().scoreLow(),
                    c.approximation().scoreHigh()));
        }
        if (c.note() != null) {
            s.append("; ").append(c.note());
        }
        return s.toString();
    }

    private static void property(StringBuilder x, String name, String value) {
        x.append("    <property name=\"").append(escape(name)).append("\" value=\"").append(escape(value))
                .append("\"/>\n");
    }

    /**
     * XML text and attribute escaping; characters XML 1.0 forbids (controls, U+FFFE and U+FFFF, a surrogate without
     * its pair) are replaced by U+FFFD, since no escape can write them and a parser rejects the whole report.
     */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.appendCodePoint(xmlCharacter(c) ? c : '\uFFFD');
            }
        });
        return out.toString();
    }

    /** XML 1.0's Char production. */
    private static boolean xmlCharacter(int c) {
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || c >= 0x10000;
    }
}

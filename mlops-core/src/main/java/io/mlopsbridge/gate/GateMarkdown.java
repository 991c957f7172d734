package io.mlopsbridge.gate;

import io.mlopsbridge.core.QuotedInput;

import java.util.stream.Collectors;

/** Writes a {@link GateVerdict} as a Markdown report for build pages, pull requests and archived artifacts. */
final class GateMarkdown {
    private GateMarkdown() {
    }

    static String write(GateVerdict verdict) {
        StringBuilder md = new StringBuilder();
        md.append("## Gate ").append(verdict.passed() ? "passed" : "failed").append("\n\n");
        md.append("Expression: ").append(code(verdict.expression())).append("\n\n");
        md.append("Champion: ").append(verdict.championPresent()
                ? "the version with alias " + code(verdict.championAlias())
                : "no champion yet (alias " + code(verdict.championAlias()) + "); comparisons with champion metrics"
                        + " pass").append("\n\n");
        md.append("| Clause | Values | Verdict |\n");
        md.append("| --- | --- | --- |\n");
        for (GateClause clause : verdict.clauses()) {
            md.append("| ").append(cell(code(clause.text())))
                    .append(" | ").append(clause.values().isEmpty() ? "(none)" : cell(code(clause.valuesText())))
                    .append(" | ").append(clause.passed() ? "passed" : "**failed**");
            if (clause.note() != null) {
                md.append(": ").append(cell(text(clause.note())));
            }
            md.append(" |\n");
        }
        long passedCount = verdict.clauses().stream().filter(GateClause::passed).count();
        md.append("\n**Verdict: ").append(verdict.passed() ? "passed" : "failed").append("**: ")
                .append(passedCount).append(" of ").append(verdict.clauses().size()).append(" clauses passed");
        if (!verdict.passed()) {
            md.append("; failed: ").append(verdict.failedClauses().stream()
                    .map(clause -> code(clause.text())).collect(Collectors.joining(", ")));
        }
        md.append(".\n");
        return md.toString();
    }

    /**
     * A code span that survives back quotes in the text (a longer fence, padded with spaces, per CommonMark), on one
     * line, with control and bidi characters escaped (a metric name's U+202E would show the rest of its line reversed).
     */
    static String code(String source) {
        String flat = oneLine(source);
        int longestRun = 0;
        int run = 0;
        for (int i = 0; i < flat.length(); i++) {
            run = flat.charAt(i) == '`' ? run + 1 : 0;
            longestRun = Math.max(longestRun, run);
        }
        String fence = "`".repeat(longestRun + 1);
        boolean pad = longestRun > 0;
        return fence + (pad ? " " : "") + flat + (pad ? " " : "") + fence;
    }

    /** Plain text with Markdown's inline markup characters escaped. */
    private static String text(String source) {
        return oneLine(source).replaceAll("([\\\\`*_\\[\\]<>#])", "\\\\$1");
    }

    /** Whitespace runs as one space; control and bidi characters as {@link QuotedInput#escaped} shows them. */
    private static String oneLine(String source) {
        return QuotedInput.escaped(source.replaceAll("\\s+", " "));
    }

    /** A table cell: GitHub-flavoured tables split on '|' even inside code spans, so it is escaped everywhere. */
    private static String cell(String markdown) {
        return markdown.replace("|", "\\|");
    }
}

package io.jenkins.plugins.mlops.drift;

import io.jenkins.plugins.mlops.StepArguments;
import io.mlopsbridge.core.InputName;
import io.mlopsbridge.drift.ColumnOverride;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Per-column methods or thresholds as a Freestyle job types them into its form, where a map cannot be edited: one
 * {@code COLUMN=VALUE} per line, as the command line's {@code --column-method} and {@code --column-threshold} take
 * them (read by the engine's parser of those entries). Blank lines are skipped and each line is trimmed.
 */
final class ColumnOverrideLines {
    private ColumnOverrideLines() {
    }

    /**
     * The column-to-value map of {@code text} (null or blank: none); a malformed line, or a column typed twice, is one
     * line naming it.
     */
    static Map<String, String> parse(String text, InputName input) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (ColumnOverride override : StepArguments.checked(() -> ColumnOverride.parseAll(ColumnLines.parse(text),
                input))) {
            overrides.put(override.column(), override.value());
        }
        return overrides;
    }

    /** The text a form field shows for {@code overrides}: one entry per line, or null for none. */
    static String format(Map<String, String> overrides) {
        return overrides.isEmpty() ? null : overrides.entrySet().stream()
                .map(e -> new ColumnOverride(e.getKey(), e.getValue()).entry()).collect(Collectors.joining("\n"));
    }
}

package io.jenkins.plugins.mlops.drift;

import java.util.List;

/**
 * Column names as a Freestyle job types them into its form, where a list cannot be edited: one name per line. Blank
 * lines are skipped and each name is trimmed (a name may hold spaces inside: {@code loan amount}).
 */
final class ColumnLines {
    private ColumnLines() {
    }

    /** The names in {@code text} (null or blank: none), in the order typed. */
    static List<String> parse(String text) {
        return text == null ? List.of() : text.lines().map(String::strip).filter(name -> !name.isEmpty()).toList();
    }

    /** The text a form field shows for {@code names}: one per line, or null for none. */
    static String format(List<String> names) {
        return names.isEmpty() ? null : String.join("\n", names);
    }
}

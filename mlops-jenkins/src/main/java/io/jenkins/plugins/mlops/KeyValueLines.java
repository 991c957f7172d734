package io.jenkins.plugins.mlops;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A map parameter of a step as a Freestyle job types it into its form, where a map cannot be edited: one
 * {@code KEY=VALUE} per line, like the CLI's repeatable {@code --tag} or {@code --param}. Blank lines are skipped, key
 * and value are trimmed, and the value is everything after the first {@code =} (so it may hold one). The values stay
 * text; what they must be is the engine's to check, as for the command line. A key given twice is refused, naming
 * both lines.
 */
public final class KeyValueLines {
    private final String field;
    private final String how;

    /**
     * @param field the parameter, named in a refusal ({@code tags})
     * @param how   what to write instead ({@code write one tag per line, e.g. team=fraud})
     */
    public KeyValueLines(String field, String how) {
        this.field = field;
        this.how = how;
    }

    /**
     * The entries in {@code text}, in the order typed; null for a null or blank text, as the step's parameter is
     * when not given. A malformed line is refused with one line naming the field, the line and how to write it.
     */
    public Map<String, String> parse(String text) {
        if (StepArguments.optional(text) == null) {
            return null;
        }
        Map<String, String> entries = new LinkedHashMap<>();
        Map<String, Integer> lineOfKey = new HashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException(problem(i, line, "is not KEY=VALUE"));
            }
            String key = line.substring(0, equals).strip();
            if (key.isEmpty()) {
                throw new IllegalArgumentException(problem(i, line, "has no key"));
            }
            Integer first = lineOfKey.putIfAbsent(key, i + 1);
            if (first != null) {
                // Keeping the last value would drop the first without a word.
                throw new IllegalArgumentException(field + " line " + (i + 1) + " '" + line + "': " + key
                        + " is given twice (line " + first + "): " + how);
            }
            entries.put(key, line.substring(equals + 1).strip());
        }
        return Collections.unmodifiableMap(entries);
    }

    /**
     * The text a form field shows for {@code entries} (values as their text, null as empty): one per line, or null
     * for none, so the field is empty.
     */
    public static String format(Map<String, ?> entries) {
        if (entries == null || entries.isEmpty()) {
            return null;
        }
        return entries.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() == null ? "" : e.getValue()))
                .collect(Collectors.joining("\n"));
    }

    private String problem(int index, String line, String what) {
        return field + " line " + (index + 1) + " '" + line + "' " + what + ": " + how;
    }
}

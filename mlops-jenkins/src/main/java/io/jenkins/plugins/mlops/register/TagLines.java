package io.jenkins.plugins.mlops.register;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags a Freestyle job types into its form, where a map cannot be edited: one {@code KEY=VALUE} per line, like
 * the CLI's {@code --tag}. Blank lines are skipped, key and value are trimmed, and the value is everything after the
 * first {@code =} (so it may hold one). The engine checks the keys themselves (reserved prefixes, lengths).
 */
final class TagLines {
    private static final String HOW = "write one tag per line, e.g. team=fraud";

    private TagLines() {
    }

    /** The tags in {@code text} (null or blank: none), in the order typed; a malformed line is one line naming it. */
    static Map<String, String> parse(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (text == null) {
            return tags;
        }
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
            tags.put(key, line.substring(equals + 1).strip());
        }
        return Collections.unmodifiableMap(tags);
    }

    private static String problem(int index, String line, String what) {
        return "tags line " + (index + 1) + " '" + line + "' " + what + ": " + HOW;
    }
}

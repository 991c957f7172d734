package io.mlopsbridge.subset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset's declarations against the upstream manifest: every subset line must be in the manifest verbatim, and
 * a {@code serialVersionUID} upstream declares on a type the subset declares must be declared the same.
 */
record ManifestComparison(List<String> subset, List<String> manifest) {

    static String keyOf(String line) {
        return line.substring(0, line.indexOf(' '));
    }

    List<String> problems() {
        Map<String, String> upstream = byKey(manifest);
        Map<String, String> ours = byKey(subset);
        List<String> problems = new ArrayList<>();
        for (String line : subset) {
            String expected = upstream.get(keyOf(line));
            if (expected == null) {
                problems.add("not in the upstream manifest (add it upstream-exact and regenerate): " + line);
            } else if (!expected.equals(line)) {
                problems.add("differs from upstream:\n  subset:   " + line + "\n  upstream: " + expected);
            }
        }
        for (Map.Entry<String, String> e : upstream.entrySet()) {
            String key = e.getKey();
            if (key.endsWith("#serialVersionUID") && ours.containsKey(key.substring(0, key.indexOf('#')))
                    && !ours.containsKey(key)) {
                problems.add("upstream declares, the subset does not: " + e.getValue());
            }
        }
        return problems;
    }

    private static Map<String, String> byKey(List<String> lines) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : lines) {
            if (!line.isBlank() && !line.startsWith("#")) {
                map.put(keyOf(line), line);
            }
        }
        return map;
    }
}

package hudson;

import java.util.Map;
import java.util.TreeMap;

public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 4320331661987259022L;

    /** Test-only: Jenkins builds this from the node and the build; the tests give the variables directly. */
    EnvVars(Map<String, String> variables) {
        super(String.CASE_INSENSITIVE_ORDER);
        putAll(variables);
    }

    /** Sets every variable of {@code all} (upstream also understands {@code PATH+XYZ} prepends; not needed here). */
    public EnvVars overrideAll(Map<String, String> all) {
        putAll(all);
        return this;
    }

    /** Replaces {@code $NAME} and {@code ${NAME}} with the variable's value; unknown names stay as written. */
    public String expand(String s) {
        if (s == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$(\\{([A-Za-z_][A-Za-z0-9_.]*)}|([A-Za-z_][A-Za-z0-9_]*))")
                .matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2) != null ? m.group(2) : m.group(3);
            String value = get(name);
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}

package io.mlopsbridge.drift;

import static io.mlopsbridge.drift.DriftInputNames.COLUMN_METHOD;
import static io.mlopsbridge.drift.DriftInputNames.COLUMN_THRESHOLD;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One column's own method or threshold, as every front end gives it: {@code --column-method age=psi}, a line of a
 * form, or an entry of a Jenkinsfile's map ({@code columnMethod: [age: 'psi']}) written as {@code age=psi}. One parser,
 * so each front end accepts and refuses the same entries with the same words.
 *
 * @param column the column's name
 * @param value  the method or threshold as typed
 */
public record ColumnOverride(String column, String value) {
    /** {@code check} with the method of each {@code COLUMN=METHOD} entry (the column-method input as given). */
    public static DriftCheck methods(DriftCheck check, List<String> entries) {
        for (ColumnOverride override : parseAll(entries, COLUMN_METHOD)) {
            check = override.method(check);
        }
        return check;
    }

    /** {@code check} with the threshold of each {@code COLUMN=X} entry (the column-threshold input as given). */
    public static DriftCheck thresholds(DriftCheck check, List<String> entries) {
        for (ColumnOverride override : parseAll(entries, COLUMN_THRESHOLD)) {
            check = override.threshold(check);
        }
        return check;
    }

    /**
     * Reads every entry as {@link #parse} does, and refuses a column given twice: the later value would silently win,
     * while the user meant one of them.
     */
    public static List<ColumnOverride> parseAll(List<String> entries, InputName input) {
        Map<String, ColumnOverride> byColumn = new LinkedHashMap<>();
        for (String entry : entries) {
            ColumnOverride override = parse(entry, input);
            ColumnOverride earlier = byColumn.putIfAbsent(override.column(), override);
            if (earlier != null) {
                throw MlopsException.input(input + " gives column '" + override.column() + "' twice: "
                        + earlier.entry() + ", " + override.entry(), "give each column once");
            }
        }
        return List.copyOf(byColumn.values());
    }

    /**
     * Reads {@code COLUMN=VALUE} given as {@code input} ({@link DriftInputNames#COLUMN_METHOD} or
     * {@link DriftInputNames#COLUMN_THRESHOLD}). The column is everything before the last {@code =}: a column name may
     * hold one, a method or a number never does.
     */
    public static ColumnOverride parse(String entry, InputName input) {
        int eq = entry.lastIndexOf('=');
        if (eq <= 0 || eq == entry.length() - 1) {
            String example = input.equals(COLUMN_METHOD) ? "amount=psi" : "amount=0.2";
            throw MlopsException.input(input + " expects COLUMN=VALUE, got '" + entry + "'", "e.g. " + input + " "
                    + example);
        }
        return new ColumnOverride(entry.substring(0, eq), entry.substring(eq + 1));
    }

    /** {@code COLUMN=VALUE}, as {@link #parse} reads it. */
    public String entry() {
        return column + "=" + value;
    }

    /** {@code check} with this column's method. */
    public DriftCheck method(DriftCheck check) {
        return check.withColumnMethod(column, DriftMethod.parse(value, COLUMN_METHOD));
    }

    /** {@code check} with this column's threshold. */
    public DriftCheck threshold(DriftCheck check) {
        try {
            return check.withColumnThreshold(column, Double.parseDouble(value));
        } catch (NumberFormatException e) {
            throw MlopsException.input(COLUMN_THRESHOLD + " " + entry() + ": '" + value + "' is not a number",
                    "e.g. " + InputName.wording("columnThreshold: [amount: 0.2]", "--column-threshold amount=0.2"));
        }
    }
}

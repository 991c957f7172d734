package io.mlopsbridge.drift.input;

import static io.mlopsbridge.drift.DriftInputNames.DELIMITER;
import static io.mlopsbridge.drift.DriftInputNames.QUOTE;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;

/**
 * How a CSV file is written: a header row, RFC 4180 quoting ({@code ""} inside quotes is one quote), UTF-8.
 *
 * @param delimiter the field separator (one ASCII character)
 * @param quote the quote character (one ASCII character)
 */
public record CsvFormat(char delimiter, char quote) {
    public static final CsvFormat DEFAULT = new CsvFormat(',', '"');

    public CsvFormat {
        if (delimiter >= 128 || quote >= 128 || delimiter == quote || delimiter == '\n' || delimiter == '\r'
                || quote == '\n' || quote == '\r') {
            throw MlopsException.input("CSV delimiter and quote must be two different ASCII characters other than "
                    + "line breaks", "e.g. " + DELIMITER + " ';' " + QUOTE + " '\"'");
        }
    }

    /** Parses a delimiter given on the command line; {@code \t} or {@code tab} means a tab. */
    public static char character(String text, InputName option) {
        if (text.equals("\\t") || text.equalsIgnoreCase("tab")) {
            return '\t';
        }
        if (text.length() != 1) {
            throw MlopsException.input(option + " must be one character, got '" + text + "'",
                    "e.g. " + option + " ';' (use \\t for a tab)");
        }
        return text.charAt(0);
    }
}

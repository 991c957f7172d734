package io.mlopsbridge.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one shell command line into the words the program receives: single quotes, double quotes and backslash
 * escapes as POSIX shells read them. Variables ({@code $RUN_ID}) and command substitutions ({@code $(cat id)}) stay
 * as written: their values are not known to the docs. The line ends at the first unquoted {@code | ; & < >} or at a
 * {@code #} that starts a word (a comment), so redirections and pipelines are not taken for arguments.
 */
final class ShellWords {
    private ShellWords() {
    }

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if ("|;&<>".indexOf(c) >= 0 || (c == '#' && !inWord)) {
                break;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                end = end < 0 ? line.length() : end;
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (c == '$' && i + 1 < line.length() && line.charAt(i + 1) == '(') {
                int depth = 0;
                int j = i;
                for (; j < line.length(); j++) {
                    depth += line.charAt(j) == '(' ? 1 : line.charAt(j) == ')' ? -1 : 0;
                    if (depth == 0 && line.charAt(j) == ')') {
                        break;
                    }
                }
                word.append(line, i, Math.min(j + 1, line.length()));
                i = j;
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends a double-quoted string's content (from just after the quote); returns the closing quote's index. */
    private static int doubleQuoted(String line, int from, StringBuilder word) {
        int i = from;
        for (; i < line.length() && line.charAt(i) != '"'; i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                c = line.charAt(++i);
            }
            word.append(c);
        }
        return i;
    }
}

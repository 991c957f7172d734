package io.mlopsbridge.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The examples in one Markdown document: its fenced code blocks, the {@code mlops} command lines in its shell blocks
 * and in the shell scripts of its YAML blocks (GitHub Actions {@code run:} values, GitLab CI {@code script:} entries),
 * and the gate expressions in its {@code gate} blocks and Jenkinsfile snippets. Every example keeps the file and line
 * it came from, so a failing docs check says exactly which example to fix.
 */
final class MarkdownExamples {
    /** Blocks whose lines are read as shell commands. */
    private static final List<String> SHELL = List.of("", "bash", "sh", "shell", "console", "text");
    private static final List<String> YAML = List.of("yaml", "yml");
    /** YAML keys whose string values (or list entries) are shell scripts: GitHub Actions' and GitLab CI's. */
    private static final Set<String> SCRIPT_KEYS = Set.of("run", "script", "before_script", "after_script");
    /** Named arguments of the Jenkins steps that take a gate expression, in single or plain double quotes. */
    private static final Pattern STEP_GATE = Pattern.compile(
            "\\b(gate|smokeGate|rule)\\s*:\\s*(?:'((?:[^'\\\\]|\\\\.)*)'|\"([^\"$\\\\]*)\")");

    /** A fenced block: its info string split into words ({@code json mlops-register} → [json, mlops-register]). */
    record CodeBlock(String file, int line, List<String> info, String text) {
        String language() {
            return info.isEmpty() ? "" : info.get(0).toLowerCase(java.util.Locale.ROOT);
        }

        String where() {
            return file + ":" + line;
        }
    }

    /** One {@code mlops} command line: the words after {@code bin/mlops}, as the shell would pass them. */
    record CommandExample(String file, int line, String text, List<String> args) {
        String where() {
            return file + ":" + line;
        }
    }

    /** A gate expression found in the docs, and where. */
    record GateExample(String where, String expression) {
    }

    private final String file;
    private final List<CodeBlock> blocks;

    private MarkdownExamples(String file, List<CodeBlock> blocks) {
        this.file = file;
        this.blocks = List.copyOf(blocks);
    }

    static MarkdownExamples parse(String file, String markdown) {
        List<CodeBlock> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String trimmed = lines[i].strip();
            if (!trimmed.startsWith("```")) {
                continue;
            }
            String fence = trimmed.substring(0, trimmed.length() - trimmed.replaceFirst("^`+", "").length());
            String info = trimmed.substring(fence.length()).strip();
            int start = i + 1;
            StringBuilder text = new StringBuilder();
            for (i = start; i < lines.length && !lines[i].strip().equals(fence); i++) {
                text.append(lines[i]).append('\n');
            }
            blocks.add(new CodeBlock(file, start + 1, info.isEmpty() ? List.of() : List.of(info.split("\\s+")),
                    text.toString()));
        }
        return new MarkdownExamples(file, blocks);
    }

    List<CodeBlock> blocks() {
        return blocks;
    }

    List<CodeBlock> blocks(String language) {
        return blocks.stream().filter(b -> b.language().equals(language)).toList();
    }

    /** One line of a shell script, with the line of the file it is on. */
    private record ScriptLine(int line, String text) {
    }

    /**
     * Every {@code bin/mlops ...} or {@code mlops ...} command line in the shell-like blocks and in the YAML blocks'
     * shell scripts. A YAML block that does not parse has none here; the YAML check reports it.
     */
    List<CommandExample> commands() {
        List<CommandExample> commands = new ArrayList<>();
        for (CodeBlock block : blocks) {
            if (SHELL.contains(block.language())) {
                commands.addAll(commandsIn(linesFrom(block.line(), block.text(), true)));
            } else if (YAML.contains(block.language())) {
                yamlScripts(block).forEach(script -> commands.addAll(commandsIn(script)));
            }
        }
        return commands;
    }

    /** The command lines of one script; a line ending in a backslash continues on the next. */
    private List<CommandExample> commandsIn(List<ScriptLine> lines) {
        List<CommandExample> commands = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int first = lines.get(i).line();
            StringBuilder logical = new StringBuilder(lines.get(i).text());
            while (logical.toString().stripTrailing().endsWith("\\") && i + 1 < lines.size()) {
                String joined = logical.toString().stripTrailing();
                logical = new StringBuilder(joined.substring(0, joined.length() - 1)).append(' ')
                        .append(lines.get(++i).text());
            }
            List<String> words = ShellWords.split(logical.toString().strip().replaceFirst("^\\$ ", ""));
            int at = commandStart(words);
            if (at >= 0) {
                commands.add(new CommandExample(file, first, logical.toString().strip(),
                        words.subList(at + 1, words.size())));
            }
        }
        return commands;
    }

    /** The lines of {@code text}, numbered from {@code firstLine} one by one, or all on {@code firstLine}. */
    private static List<ScriptLine> linesFrom(int firstLine, String text, boolean oneLineEach) {
        String[] lines = text.split("\n", -1);
        List<ScriptLine> numbered = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            numbered.add(new ScriptLine(oneLineEach ? firstLine + i : firstLine, lines[i]));
        }
        return numbered;
    }

    /**
     * The shell scripts in a YAML block: the string values of {@link #SCRIPT_KEYS}, or the entries of their lists. A
     * block scalar ({@code |} or {@code >}) is numbered line by line from the line after its indicator; a plain or
     * quoted scalar, which YAML folds into one line, is on the line where it starts.
     */
    private static List<List<ScriptLine>> yamlScripts(CodeBlock block) {
        List<List<ScriptLine>> scripts = new ArrayList<>();
        String[] source = block.text().split("\n", -1);
        try (JsonParser parser = new YAMLFactory().createParser(block.text())) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                JsonStreamContext context = parser.getParsingContext();
                String key = context.inArray() ? context.getParent().getCurrentName() : parser.currentName();
                if (token != JsonToken.VALUE_STRING || key == null || !SCRIPT_KEYS.contains(key)) {
                    continue;
                }
                JsonLocation at = parser.currentTokenLocation();
                int line = at.getLineNr();
                String startsWith = source[line - 1].substring(Math.min(at.getColumnNr() - 1,
                        source[line - 1].length()));
                boolean blockScalar = startsWith.startsWith("|") || startsWith.startsWith(">");
                scripts.add(linesFrom(block.line() + line - (blockScalar ? 0 : 1), parser.getText(), blockScalar));
            }
        } catch (IOException e) {
            return List.of();
        }
        return scripts;
    }

    /** Index of the mlops word when the line runs mlops (after any VAR=value assignments), else -1. */
    private static int commandStart(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("mlops") || word.equals("bin/mlops") || word.endsWith("/bin/mlops")) {
                return i;
            }
            if (!word.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                return -1;
            }
        }
        return -1;
    }

    /** Gate expressions outside command lines: {@code gate} blocks (one per line) and Jenkinsfile arguments. */
    List<GateExample> gateExpressions() {
        List<GateExample> gates = new ArrayList<>();
        for (CodeBlock block : blocks) {
            String[] lines = block.text().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String where = file + ":" + (block.line() + i);
                if (block.language().equals("gate") && !lines[i].isBlank()) {
                    gates.add(new GateExample(where, lines[i].strip()));
                } else if (block.language().equals("groovy")) {
                    Matcher m = STEP_GATE.matcher(lines[i]);
                    while (m.find()) {
                        String quoted = m.group(2) != null ? m.group(2).replace("\\'", "'") : m.group(3);
                        gates.add(new GateExample(where, quoted));
                    }
                }
            }
        }
        return gates;
    }
}

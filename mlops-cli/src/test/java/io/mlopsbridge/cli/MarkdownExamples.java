package io.mlopsbridge.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The examples in one Markdown document: its fenced code blocks, the {@code mlops} command lines in its shell blocks,
 * and the gate expressions in its {@code gate} blocks and Jenkinsfile snippets. Every example keeps the file and line
 * it came from, so a failing docs check says exactly which example to fix.
 */
final class MarkdownExamples {
    /** Blocks whose lines are read as shell commands. */
    private static final List<String> SHELL = List.of("", "bash", "sh", "shell", "console", "text");
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

    /** Every {@code bin/mlops ...} or {@code mlops ...} command line in the shell-like blocks. */
    List<CommandExample> commands() {
        List<CommandExample> commands = new ArrayList<>();
        for (CodeBlock block : blocks) {
            if (!SHELL.contains(block.language())) {
                continue;
            }
            String[] lines = block.text().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                int first = i;
                StringBuilder logical = new StringBuilder(lines[i]);
                while (logical.toString().stripTrailing().endsWith("\\") && i + 1 < lines.length) {
                    String joined = logical.toString().stripTrailing();
                    logical = new StringBuilder(joined.substring(0, joined.length() - 1)).append(' ').append(lines[++i]);
                }
                List<String> words = ShellWords.split(logical.toString().strip().replaceFirst("^\\$ ", ""));
                int at = commandStart(words);
                if (at >= 0) {
                    commands.add(new CommandExample(file, block.line() + first, logical.toString().strip(),
                            words.subList(at + 1, words.size())));
                }
            }
        }
        return commands;
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

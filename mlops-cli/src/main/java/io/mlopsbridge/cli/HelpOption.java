package io.mlopsbridge.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} for every command, instead of picocli's standard mixin: that mixin also adds {@code -V/--version},
 * the tool's version, which after a command reads as the model version promote and deploy take. A command without a
 * model version option then printed nothing and exited 0 for {@code --version 3}; now it is an unknown option.
 */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}

package io.mlopsbridge.core;

/** How a front end calls the inputs a message names (see {@link InputName}). */
public enum InputNaming {
    /** The {@code mlops} command line: {@code --champion-alias}. */
    CLI_OPTIONS,
    /** A Jenkins step, a Freestyle build step or the shared library: {@code championAlias}. */
    STEP_PARAMETERS,
    /**
     * Text that is kept and read later by whichever front end asks, such as a rollout record in the cluster:
     * {@code championAlias or --champion-alias}.
     */
    EITHER;

    /** {@code text} with every {@link InputName} in it written the way this front end calls it. */
    public String render(String text) {
        return InputName.render(text, this);
    }
}

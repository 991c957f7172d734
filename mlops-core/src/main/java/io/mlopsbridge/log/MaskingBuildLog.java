package io.mlopsbridge.log;

import io.mlopsbridge.core.InputNaming;
import java.util.Objects;

/**
 * The one place where output is masked: wraps a front end's log and masks every line before it is written. It also
 * writes the inputs a line names ({@link io.mlopsbridge.core.InputName}) the way the front end calls them.
 */
public final class MaskingBuildLog implements BuildLog {
    private final BuildLog target;
    private final SecretMasker masker;
    private final InputNaming naming;

    /** A log for the command line: inputs are named as its options. */
    public MaskingBuildLog(BuildLog target, SecretMasker masker) {
        this(target, masker, InputNaming.CLI_OPTIONS);
    }

    public MaskingBuildLog(BuildLog target, SecretMasker masker, InputNaming naming) {
        this.target = Objects.requireNonNull(target, "target");
        this.masker = Objects.requireNonNull(masker, "masker");
        this.naming = Objects.requireNonNull(naming, "naming");
    }

    @Override
    public void info(String line) {
        target.info(masker.mask(naming.render(line)));
    }

    @Override
    public void warn(String line) {
        target.warn(masker.mask(naming.render(line)));
    }

    @Override
    public void relay(String line) {
        target.relay(masker.mask(line));
    }

    public SecretMasker masker() {
        return masker;
    }
}

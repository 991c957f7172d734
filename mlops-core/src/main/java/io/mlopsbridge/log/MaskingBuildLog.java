package io.mlopsbridge.log;

import java.util.Objects;

/** The one place where output is masked: wraps a front end's log and masks every line before it is written. */
public final class MaskingBuildLog implements BuildLog {
    private final BuildLog target;
    private final SecretMasker masker;

    public MaskingBuildLog(BuildLog target, SecretMasker masker) {
        this.target = Objects.requireNonNull(target, "target");
        this.masker = Objects.requireNonNull(masker, "masker");
    }

    @Override
    public void info(String line) {
        target.info(masker.mask(line));
    }

    @Override
    public void warn(String line) {
        target.warn(masker.mask(line));
    }

    public SecretMasker masker() {
        return masker;
    }
}

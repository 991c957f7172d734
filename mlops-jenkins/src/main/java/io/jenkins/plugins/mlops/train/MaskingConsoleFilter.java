package io.jenkins.plugins.mlops.train;

import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.util.Secret;
import io.mlopsbridge.log.MaskingOutputStream;
import io.mlopsbridge.log.SecretMasker;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * Masks the block's console: whatever the block's steps print ({@code sh 'echo $MLFLOW_TRACKING_PASSWORD'}) goes
 * through the engine's masking, line by line. Persisted with the block (a block resumed after a restart is still
 * masked), so the secrets are held as {@link Secret}s, which Jenkins writes encrypted into {@code program.dat}.
 */
final class MaskingConsoleFilter extends ConsoleLogFilter implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final List<Secret> secrets;

    MaskingConsoleFilter(List<String> secrets) {
        this.secrets = secrets.stream().map(Secret::fromString).toList();
    }

    /** Pipeline calls this with no build (the block's log belongs to its flow node); the build is not needed. */
    @Override
    @SuppressWarnings("rawtypes")
    public OutputStream decorateLogger(Run build, OutputStream logger) {
        return new MaskingOutputStream(logger, SecretMasker.of(secrets.stream().map(Secret::getPlainText).toList()));
    }
}

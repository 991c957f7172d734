package io.jenkins.plugins.mlops;

import hudson.AbortException;
import io.mlopsbridge.core.InputNaming;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.SecretMasker;

/**
 * Turns what an operation threw into the exception a step fails with. Jenkins prints an {@link AbortException}
 * as its message alone, so the user sees the engine's one line (message and hint), masked, and no stack trace. The
 * inputs it names are the step's parameters ({@code serviceName}), not the command line's options ({@code --name}).
 */
public final class StepFailure {
    private StepFailure() {
    }

    public static AbortException of(Throwable failure, SecretMasker masker) {
        if (failure instanceof AbortException abort) {
            return new AbortException(masker.mask(abort.getMessage()));
        }
        if (failure instanceof MlopsException e) {
            return new AbortException(masker.mask(e.oneLine(InputNaming.STEP_PARAMETERS)));
        }
        // A failure the engine did not foresee is a bug on our side; still one line, still masked.
        return new AbortException(masker.mask("unexpected " + failure.getClass().getSimpleName() + ": "
                + failure.getMessage()));
    }
}

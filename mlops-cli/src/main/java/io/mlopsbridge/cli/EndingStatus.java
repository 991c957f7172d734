package io.mlopsbridge.cli;

import io.mlopsbridge.core.MlopsException;
import java.util.Set;

/**
 * How a command ended when it did not end with its normal result: the {@code status} of the JSON error result and
 * the exit code. One table for every command, so scripts and docs/cli-results.md can rely on it.
 */
enum EndingStatus {
    /**
     * The remote work ran and ended in failure (a KFP run FAILED, a training command exited non-zero), or the
     * command wrote to a remote system and could not finish here (a register whose gate report could not be written).
     */
    FAILED("failed", ExitCode.REMOTE),
    /** A deadline passed; what was started was cancelled where possible. */
    TIMEOUT("timeout", ExitCode.REMOTE),
    /** Cancelled by Ctrl-C, SIGTERM or a CI abort; 130 unless the signal handler says otherwise (143 for SIGTERM). */
    ABORTED("aborted", ExitCode.ABORTED),
    /** A flag, file, name or expression is wrong; nothing remote was written. */
    INPUT_ERROR("input-error", ExitCode.USAGE),
    /** A remote system refused, failed or could not be reached. */
    REMOTE_ERROR("remote-error", ExitCode.REMOTE),
    /** Another build changed the same alias at the same moment and won; nothing of ours was left. */
    CONFLICT("conflict", ExitCode.CONFLICT),
    /** A bug in mlops itself: not the user's input, not a remote system. */
    INTERNAL_ERROR("internal-error", ExitCode.INTERNAL);

    /** The engine's code for a deadline that passed (the wait poller, model-version READY, a model server start). */
    private static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";
    /** Final states of remote work that ran and did not succeed (KFP run states, MLflow run statuses). */
    private static final Set<String> RAN_AND_FAILED = Set.of("FAILED", "SKIPPED", "CANCELED", "KILLED", "EXITED");

    private final String json;
    private final int exitCode;

    EndingStatus(String json, int exitCode) {
        this.json = json;
        this.exitCode = exitCode;
    }

    /** The value of {@code status} in the JSON result. */
    String json() {
        return json;
    }

    int exitCode() {
        return exitCode;
    }

    static EndingStatus of(Throwable error) {
        if (!(error instanceof MlopsException e)) {
            return INTERNAL_ERROR;
        }
        return switch (e.kind()) {
            case INPUT -> INPUT_ERROR;
            case ABORTED -> ABORTED;
            case CONFLICT -> CONFLICT;
            case INCOMPLETE -> FAILED;
            case REMOTE -> {
                String code = e.remoteCode().orElse("");
                if (code.equals(DEADLINE_EXCEEDED)) {
                    yield TIMEOUT;
                }
                yield RAN_AND_FAILED.contains(code) ? FAILED : REMOTE_ERROR;
            }
        };
    }
}

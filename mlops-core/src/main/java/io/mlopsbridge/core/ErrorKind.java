package io.mlopsbridge.core;

/** Who has to act on an error; front ends map it to an exit code (CLI: 2 for INPUT, 3 for REMOTE and INCOMPLETE, 130/143 for ABORTED by SIGINT/SIGTERM, 5 for CONFLICT). */
public enum ErrorKind {
    /** The user's input is wrong: a flag, a file, an expression, a name. Fixable by the user. */
    INPUT,
    /** A remote system (MLflow, Kubeflow, Kubernetes) refused, failed or could not be reached. */
    REMOTE,
    /**
     * The operation was cancelled (Ctrl-C, SIGTERM, a Jenkins abort) and what it had started was cleaned up; the
     * message says what was cancelled and what was cleaned up. Not a failure of the user or of a remote system.
     */
    ABORTED,
    /**
     * Another writer changed the same thing at the same moment and won (MLflow has no compare-and-set): our change
     * did not stay and nothing of ours was left behind. Running again decides afresh. CLI exit code 5.
     */
    CONFLICT,
    /**
     * The operation wrote to a remote system and then could not finish on this machine (a gate report that could
     * not be written once the model version existed): not an input error, since something was written. The message
     * says what exists and what running again does. CLI exit code 3, status {@code failed}.
     */
    INCOMPLETE
}

package io.mlopsbridge.core;

/** Who has to act on an error; front ends map it to an exit code (CLI: 2 for INPUT, 3 for REMOTE). */
public enum ErrorKind {
    /** The user's input is wrong: a flag, a file, an expression, a name. Fixable by the user. */
    INPUT,
    /** A remote system (MLflow, Kubeflow, Kubernetes) refused, failed or could not be reached. */
    REMOTE
}

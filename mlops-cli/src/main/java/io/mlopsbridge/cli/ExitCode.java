package io.mlopsbridge.cli;

/** The CLI's exit codes, the same for every command. */
public final class ExitCode {
    /** The operation succeeded and every gate passed. */
    public static final int OK = 0;
    /** The operation ran, but a gate or drift verdict failed. */
    public static final int VERDICT_FAILED = 1;
    /** The command line or an input file is wrong. */
    public static final int USAGE = 2;
    /** A remote system (MLflow, Kubeflow, Kubernetes) failed or could not be reached. */
    public static final int REMOTE = 3;

    private ExitCode() {
    }
}

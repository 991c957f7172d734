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
    /** A bug in mlops itself; the error says how to report it, and --debug prints the stack trace. */
    public static final int INTERNAL = 4;
    /** Another build moved the same alias at the same moment and won; nothing of this run was left. */
    public static final int CONFLICT = 5;
    /** Cancelled (Ctrl-C, or an abort without a signal); SIGTERM ends with 143. */
    public static final int ABORTED = 130;

    private ExitCode() {
    }
}

package io.mlopsbridge.mlflow;

/**
 * MLflow's {@code error_code} values that callers branch on, as
 * {@link io.mlopsbridge.core.MlopsException#remoteCode()} reports them, plus {@link #CONNECTION_FAILED} for calls
 * that got no answer (the server may or may not have acted on them).
 */
public final class MlflowErrorCode {
    public static final String RESOURCE_DOES_NOT_EXIST = "RESOURCE_DOES_NOT_EXIST";
    public static final String RESOURCE_ALREADY_EXISTS = "RESOURCE_ALREADY_EXISTS";
    /** Some stores answer a duplicate with this code instead of {@link #RESOURCE_ALREADY_EXISTS}. */
    public static final String ALREADY_EXISTS = "ALREADY_EXISTS";
    public static final String INVALID_PARAMETER_VALUE = "INVALID_PARAMETER_VALUE";
    public static final String BAD_REQUEST = "BAD_REQUEST";
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String PERMISSION_DENIED = "PERMISSION_DENIED";
    public static final String REQUEST_LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED";
    public static final String TEMPORARILY_UNAVAILABLE = "TEMPORARILY_UNAVAILABLE";
    public static final String CONNECTION_FAILED = MlflowErrors.CONNECTION_FAILED;

    private MlflowErrorCode() {
    }

    /** Whether {@code e} is MLflow saying the thing does not exist. */
    public static boolean isNotFound(io.mlopsbridge.core.MlopsException e) {
        return e.remoteCode().filter(RESOURCE_DOES_NOT_EXIST::equals).isPresent();
    }

    /** Whether {@code e} is MLflow saying the thing already exists (either spelling). */
    public static boolean isAlreadyExists(io.mlopsbridge.core.MlopsException e) {
        return e.remoteCode().filter(c -> c.equals(RESOURCE_ALREADY_EXISTS) || c.equals(ALREADY_EXISTS)).isPresent();
    }
}

package io.mlopsbridge.mlflow;

import static io.mlopsbridge.mlflow.MlflowInputNames.MLFLOW_URL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.core.OneLine;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import okhttp3.Response;

/**
 * Turns MLflow's failures into one-line {@link MlopsException}s. MLflow's answer is classified by its
 * {@code error_code} (e.g. "already exists" is HTTP 400 like a validation error); HTTP status only decides for
 * answers that did not come from MLflow (an auth layer, a proxy, an HTML error page).
 */
final class MlflowErrors {
    /** Remote code for failures where no answer arrived: the request may or may not have been acted on. */
    static final String CONNECTION_FAILED = "CONNECTION_FAILED";
    static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    static final String PERMISSION_DENIED = "PERMISSION_DENIED";

    private final String serverUri;
    private final ObjectMapper json;

    MlflowErrors(String serverUri, ObjectMapper json) {
        this.serverUri = serverUri;
        this.json = json;
    }

    /** The exception for a non-2xx response whose body is {@code body} (possibly empty). */
    MlopsException fromResponse(String endpoint, Response response, String body) {
        int status = response.code();
        JsonNode error = parseError(body);
        String code = error == null ? null : error.path("error_code").asText(null);
        String message = error == null ? null : OneLine.of(error.path("message").asText(""));

        if (status == 401 || MlflowErrorCode.UNAUTHENTICATED.equals(code)) {
            return MlopsException.remote("MLflow at " + serverUri + " rejected the credentials (HTTP 401)",
                    "check " + InputName.wording("the credential given as mlflowCredentialsId",
                            "MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD or MLFLOW_TRACKING_TOKEN"),
                    UNAUTHENTICATED, null);
        }
        if (status == 403 || MlflowErrorCode.PERMISSION_DENIED.equals(code)) {
            return MlopsException.remote("MLflow at " + serverUri + " denied permission for " + endpoint
                    + (message == null || message.isEmpty() ? "" : ": " + message) + " (HTTP 403)",
                    "ask an MLflow administrator to grant this user EDIT or MANAGE permission on the model",
                    PERMISSION_DENIED, null);
        }
        if (code == null) {
            String type = response.header("Content-Type", "no content type");
            return MlopsException.remote("MLflow at " + serverUri + " answered " + endpoint + " with HTTP " + status
                    + " and a response that is not from MLflow (" + type + ")",
                    status == 404 ? "check the tracking URI: this endpoint does not exist there (an MLflow 3 server "
                            + "is required)" : "check that the tracking URI points at the MLflow server itself, "
                            + "not at a proxy or login page",
                    "HTTP " + status, null);
        }
        return MlopsException.remote("MLflow " + endpoint + ": " + (message.isEmpty() ? "failed" : message)
                + " (" + code + ")", hintFor(code), code, null);
    }

    /** The exception for a request that got no answer at all. */
    MlopsException fromIo(String endpoint, IOException e) {
        if (e instanceof UnknownHostException) {
            return MlopsException.remote("cannot reach MLflow at " + serverUri + ": unknown host",
                    "check the host name in MLFLOW_TRACKING_URI or " + MLFLOW_URL, CONNECTION_FAILED, e);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return MlopsException.remote("cannot reach MLflow at " + serverUri + ": connection refused",
                    "check that the MLflow server is running and the tracking URI is right",
                    CONNECTION_FAILED, e);
        }
        if (e instanceof SSLException) {
            return MlopsException.remote("cannot reach MLflow at " + serverUri + ": TLS handshake failed ("
                    + OneLine.of(String.valueOf(e.getMessage())) + ")",
                    "the server's certificate must be trusted by this Java runtime (TLS verification stays on)",
                    CONNECTION_FAILED, e);
        }
        if (e instanceof SocketTimeoutException) {
            return MlopsException.remote("MLflow at " + serverUri + " did not answer " + endpoint + " in time",
                    "the server may be overloaded; try again or raise the read timeout", CONNECTION_FAILED, e);
        }
        if (e instanceof InterruptedIOException) {
            return MlopsException.remote("call to MLflow " + endpoint + " was interrupted", null,
                    CONNECTION_FAILED, e);
        }
        return MlopsException.remote("lost the connection to MLflow at " + serverUri + " during " + endpoint
                + " (" + e.getClass().getSimpleName() + ")",
                "check the network between this machine and the server; the call may be retried safely",
                CONNECTION_FAILED, e);
    }

    private JsonNode parseError(String body) {
        if (body == null || body.isBlank() || !body.stripLeading().startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = json.readTree(body);
            return node.hasNonNull("error_code") ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String hintFor(String code) {
        return switch (code) {
            case MlflowErrorCode.RESOURCE_DOES_NOT_EXIST -> "check the name or id; it does not exist on this server";
            case MlflowErrorCode.INVALID_PARAMETER_VALUE, MlflowErrorCode.BAD_REQUEST ->
                    "fix the value named in the message";
            case MlflowErrorCode.RESOURCE_ALREADY_EXISTS -> "use another name or reuse the existing one";
            case MlflowErrorCode.REQUEST_LIMIT_EXCEEDED, MlflowErrorCode.TEMPORARILY_UNAVAILABLE ->
                    "the server is busy; try again later";
            default -> "see the MLflow server log for details";
        };
    }
}

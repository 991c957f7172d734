package io.mlopsbridge.mlflow;

import static io.mlopsbridge.mlflow.MlflowInputNames.MLFLOW_URL;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.http.HttpSettings;
import io.mlopsbridge.log.UrlSanitizer;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Where an MLflow tracking server is and how to authenticate to it.
 *
 * @param trackingUri the server's base address, e.g. {@code http://127.0.0.1:5000} or {@code https://mlflow.corp/}
 * @param credentials bearer token, basic auth or none
 * @param http        timeouts and retry policy
 */
public record MlflowConfig(URI trackingUri, Credentials credentials, HttpSettings http) {

    /** The environment variables MLflow's own clients read, so one CI configuration serves both. */
    public static final String TRACKING_URI = "MLFLOW_TRACKING_URI";
    public static final String TRACKING_TOKEN = "MLFLOW_TRACKING_TOKEN";
    public static final String TRACKING_USERNAME = "MLFLOW_TRACKING_USERNAME";
    public static final String TRACKING_PASSWORD = "MLFLOW_TRACKING_PASSWORD";

    public MlflowConfig {
        Objects.requireNonNull(trackingUri, "trackingUri");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(http, "http");
    }

    /** A server without authentication and default timeouts; {@code uri} is checked like user input. */
    public static MlflowConfig of(String uri) {
        return new MlflowConfig(parseTrackingUri(uri), Credentials.none(), HttpSettings.defaults());
    }

    public static MlflowConfig of(String uri, Credentials credentials) {
        return new MlflowConfig(parseTrackingUri(uri), credentials, HttpSettings.defaults());
    }

    /** Reads {@code MLFLOW_TRACKING_URI}, {@code MLFLOW_TRACKING_TOKEN} and the basic-auth pair from the process. */
    public static MlflowConfig fromEnvironment() {
        return fromEnvironment(System.getenv(), null);
    }

    /**
     * Reads the MLflow variables from {@code env}; {@code uriOverride} (e.g. a {@code --tracking-uri} flag) wins over
     * {@code MLFLOW_TRACKING_URI} when not null. A token wins over a username/password pair, as in MLflow's client.
     */
    public static MlflowConfig fromEnvironment(Map<String, String> env, String uriOverride) {
        String uri = uriOverride != null ? uriOverride : env.get(TRACKING_URI);
        if (uri == null || uri.isBlank()) {
            throw MlopsException.input("no MLflow tracking URI given",
                    "pass " + MLFLOW_URL + " http://host:5000 or set " + TRACKING_URI);
        }
        return new MlflowConfig(parseTrackingUri(uri), credentialsFrom(env), HttpSettings.defaults());
    }

    /**
     * The credentials MLflow's variables describe: {@code MLFLOW_TRACKING_TOKEN} as a bearer token, else the
     * username/password pair as basic auth, else none. Front ends also use it to register the secrets for masking.
     */
    public static Credentials credentialsFrom(Map<String, String> env) {
        String token = env.get(TRACKING_TOKEN);
        if (token != null && !token.isBlank()) {
            return Credentials.bearer(token, TRACKING_TOKEN);
        }
        String user = env.get(TRACKING_USERNAME);
        String password = env.get(TRACKING_PASSWORD);
        boolean hasUser = user != null && !user.isBlank();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasUser && hasPassword) {
            return Credentials.basic(user, password);
        }
        if (hasUser || hasPassword) {
            throw MlopsException.input("MLflow basic auth needs both " + TRACKING_USERNAME + " and "
                    + TRACKING_PASSWORD + " but only " + (hasUser ? TRACKING_USERNAME : TRACKING_PASSWORD)
                    + " is set", "set both variables, or " + TRACKING_TOKEN + " for a bearer token");
        }
        return Credentials.none();
    }

    /**
     * The MLflow variables that give a child process (a training command, {@code mlflow models serve}) this
     * configuration: the inverse of {@link #fromEnvironment(Map, String)}, as MLflow's own clients read them.
     */
    public Map<String, String> toEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(TRACKING_URI, trackingUri.toString());
        if (credentials instanceof Credentials.Bearer && !credentials.secrets().isEmpty()) {
            env.put(TRACKING_TOKEN, credentials.secrets().get(0));
        } else if (credentials instanceof Credentials.Basic basic) {
            // A basic pair lists the password first among its secrets.
            env.put(TRACKING_USERNAME, basic.username());
            env.put(TRACKING_PASSWORD, basic.secrets().get(0));
        }
        return env;
    }

    /**
     * Accepts http(s) URLs as OkHttp, which sends the requests, reads them: a host with {@code _} (a Docker Compose
     * service such as {@code mlflow_server}) is fine, although {@link URI} finds no host in it. Credentials inside the
     * URI are refused: they would end up in logs and tags, so they must come through the environment or a credential
     * store instead. Errors show the URI only through {@link UrlSanitizer}.
     */
    static URI parseTrackingUri(String text) {
        String hint = "use the server's address, e.g. http://127.0.0.1:5000";
        String given = Objects.requireNonNull(text, "uri").strip();
        HttpUrl url = HttpUrl.parse(given);
        if (url == null) {
            throw MlopsException.input("MLflow tracking URI '" + UrlSanitizer.sanitize(given)
                    + "' is not a valid http:// or https:// address (scheme, host, optional numeric port)", hint);
        }
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw MlopsException.input("MLflow tracking URI must not contain a user name or password",
                    "remove them from the URI and set " + TRACKING_USERNAME + "/" + TRACKING_PASSWORD + " instead");
        }
        if (url.query() != null || url.fragment() != null) {
            // Requests resolve paths against the base and would drop these; a token here would only reach logs.
            throw MlopsException.input("MLflow tracking URI must not have a query or fragment: '"
                    + UrlSanitizer.sanitize(given) + "'", "pass the server's base address; a token goes in "
                    + TRACKING_TOKEN);
        }
        try {
            return new URI(given);
        } catch (URISyntaxException e) {
            // OkHttp accepted it, java.net.URI did not (e.g. a space in the path): keep OkHttp's encoded form.
            return url.uri();
        }
    }

    /** The address as shown to users: scheme, host, port and path, never credentials. */
    public String displayUri() {
        String s = trackingUri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public MlflowConfig withHttp(HttpSettings settings) {
        return new MlflowConfig(trackingUri, credentials, settings);
    }

    public MlflowConfig withCredentials(Credentials newCredentials) {
        return new MlflowConfig(trackingUri, newCredentials, http);
    }
}

package io.mlopsbridge.kfp;

import static io.mlopsbridge.kfp.KfpInputNames.KUBEFLOW_CREDENTIALS;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.http.HttpSettings;
import io.mlopsbridge.log.UrlSanitizer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Where and how to reach a Kubeflow Pipelines API server. Immutable; change a copy with {@code with...}.
 *
 * @param apiUrl      the API endpoint: {@code ml-pipeline-ui} (which proxies {@code /apis}) or {@code ml-pipeline:8888}
 * @param uiUrl       where links for people point; usually the same host as the API
 * @param credentials bearer token (given, or read from a file on every request) or none for standalone KFP
 * @param namespace   the profile namespace in multi-user installs, or null
 * @param http        timeouts and retries
 */
public record KfpConfig(HttpUrl apiUrl, HttpUrl uiUrl, Credentials credentials, String namespace, HttpSettings http) {
    private static final String UI_URL = "KFP UI URL";

    public KfpConfig {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(uiUrl, "uiUrl");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(http, "http");
        if (namespace != null && namespace.isBlank()) {
            namespace = null;
        }
    }

    /** A server at {@code url}, no auth, UI on the same host, default timeouts. */
    public static KfpConfig of(String url) {
        HttpUrl parsed = parse(url, "KFP URL");
        return new KfpConfig(parsed, parsed, Credentials.none(), null, HttpSettings.defaults());
    }

    /** A fixed bearer token, e.g. from a Jenkins "secret text" credential. */
    public KfpConfig withToken(String token) {
        return withToken(token, "the KFP token");
    }

    /** A fixed bearer token; {@code source} (e.g. {@code $KFP_TOKEN}) names it in errors. */
    public KfpConfig withToken(String token, String source) {
        if (token == null || token.isBlank()) {
            throw MlopsException.input("KFP token is empty", "pass the service-account token, or a token file instead");
        }
        return withCredentials(Credentials.bearer(token.strip(), source));
    }

    /** A token read from {@code file} on every request, so a rotated projected service-account token keeps working. */
    public KfpConfig withTokenFile(Path file) {
        return withCredentials(Credentials.bearer(new TokenFile(file), "KFP token file " + file));
    }

    public KfpConfig withCredentials(Credentials newCredentials) {
        return new KfpConfig(apiUrl, uiUrl, newCredentials, namespace, http);
    }

    public KfpConfig withNamespace(String newNamespace) {
        return new KfpConfig(apiUrl, uiUrl, credentials, newNamespace, http);
    }

    public KfpConfig withUiUrl(String url) {
        return new KfpConfig(apiUrl, parse(url, UI_URL), credentials, namespace, http);
    }

    /**
     * Refuses a UI URL that {@link #withUiUrl} would refuse, for a front end that takes it before it knows the API
     * URL (a Jenkins step's argument, checked as it is bound).
     */
    public static void checkUiUrl(String url) {
        parse(url, UI_URL);
    }

    public KfpConfig withHttp(HttpSettings settings) {
        return new KfpConfig(apiUrl, uiUrl, credentials, namespace, settings);
    }

    public Optional<String> namespaceIfSet() {
        return Optional.ofNullable(namespace);
    }

    /** The KFP UI page of a run, as the Python SDK links it. */
    public String runUrl(String runId) {
        return base(uiUrl) + "/#/runs/details/" + runId;
    }

    /** The KFP UI page of a pipeline version. */
    public String pipelineVersionUrl(String pipelineId, String versionId) {
        return base(uiUrl) + "/#/pipelines/details/" + pipelineId + "/version/" + versionId;
    }

    /** The API URL for messages and log lines: no credentials from its query or fragment. */
    public String displayUrl() {
        return UrlSanitizer.sanitize(apiUrl.toString());
    }

    /** Links for people point at the UI's page; a query or fragment given with its URL (a token) has no place there. */
    private static String base(HttpUrl url) {
        String s = url.newBuilder().query(null).fragment(null).build().toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static HttpUrl parse(String url, String what) {
        HttpUrl parsed = url == null ? null : HttpUrl.parse(url.strip());
        if (parsed == null) {
            throw MlopsException.input(what + " '" + UrlSanitizer.sanitize(url) + "' is not an http(s) URL",
                    "pass e.g. http://ml-pipeline-ui.kubeflow.svc.cluster.local");
        }
        if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
            // OkHttp would not send them anyway, and run links would carry them into logs and results.
            throw MlopsException.input(what + " must not contain a user name or password",
                    "remove them and pass the token with " + InputName.wording(KUBEFLOW_CREDENTIALS.parameter(),
                            KUBEFLOW_CREDENTIALS.option() + " or $KFP_TOKEN"));
        }
        return withOneTrailingSlashAtMost(parsed);
    }

    /**
     * {@code /pipeline//} as {@code /pipeline/}: OkHttp replaces only the last empty path segment when the API path is
     * added, so each further trailing slash would become a {@code //} in every request path.
     */
    private static HttpUrl withOneTrailingSlashAtMost(HttpUrl url) {
        HttpUrl.Builder builder = url.newBuilder();
        int size = url.pathSize();
        while (size > 1 && url.pathSegments().get(size - 1).isEmpty() && url.pathSegments().get(size - 2).isEmpty()) {
            builder.removePathSegment(--size);
        }
        return builder.build();
    }
}

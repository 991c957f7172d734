package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.ARTIFACTS_DESTINATION;
import static io.mlopsbridge.deploy.DeployInputNames.STORAGE_URI;

import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.UrlSanitizer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A model location KServe's storage initializer can download: an object store, a PVC or a web URL. MLflow's own
 * schemes ({@code models:/}, {@code runs:/}, {@code mlflow-artifacts:}) are not among them (KServe has no MLflow
 * storage provider, kserve/kserve#3555), and neither is a path on the tracking server's disk, so such locations are
 * refused here, before anything is applied to the cluster.
 */
public final class StorageUri {
    /**
     * Prefixes KServe accepts ({@code SupportedStorageURIPrefixList} in the KServe controller). {@code file://} is
     * deliberately missing although KServe accepts it: it names a path inside the serving pod, and an MLflow
     * {@code file:} location is a path on the tracking server, which the pod cannot see.
     */
    static final List<String> ACCEPTED_PREFIXES = List.of("s3://", "gs://", "pvc://", "https://", "http://",
            "hdfs://", "webhdfs://", "oci://", "oci+native://", "oci+fetch://", "hf://", "modelscope://");

    private static final String MLFLOW_ARTIFACTS = "mlflow-artifacts:";

    private final String value;

    private StorageUri(String value) {
        this.value = value;
    }

    /**
     * Checks the location MLflow returned for a model version ({@code get-download-uri}).
     *
     * @param location             the artifact location from MLflow
     * @param artifactsDestination the tracking server's {@code --artifacts-destination}, used to map a proxied
     *                             {@code mlflow-artifacts:} location onto the bucket behind it; empty when unknown
     * @param model                {@code name/version}, named in the error
     */
    public static StorageUri forKServe(String location, Optional<String> artifactsDestination, String model) {
        return check(location, artifactsDestination, model, false);
    }

    private static StorageUri check(String location, Optional<String> artifactsDestination, String model,
                                    boolean given) {
        Objects.requireNonNull(model, "model");
        if (location == null || location.isBlank()) {
            throw MlopsException.input("storage URI: MLflow returned no download location for model " + model,
                    "check the model version's source in MLflow, or pass " + STORAGE_URI
                            + " with the model directory");
        }
        String uri = location.strip();
        if (uri.startsWith(MLFLOW_ARTIFACTS)) {
            if (artifactsDestination.isEmpty()) {
                throw MlopsException.input("storage URI: KServe cannot read '" + UrlSanitizer.sanitize(uri) + "' (model " + model
                                + "): the MLflow server proxies its artifacts",
                        "pass " + ARTIFACTS_DESTINATION + " with the server's --artifacts-destination"
                                + " (e.g. s3://bucket/mlartifacts)"
                                + " so the path can be mapped, or " + STORAGE_URI + " with the model directory");
            }
            uri = mapProxied(uri, artifactsDestination.get());
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("models:") || lower.startsWith("runs:")) {
            throw MlopsException.input("storage URI: KServe cannot read MLflow URI '" + UrlSanitizer.sanitize(uri) + "' (model " + model + ")",
                    "KServe has no MLflow storage provider; register the version from an object-store location"
                            + " (s3://, gs://, pvc://) or pass " + STORAGE_URI + " with the model directory");
        }
        Optional<String> prefix = ACCEPTED_PREFIXES.stream().filter(lower::startsWith).findFirst();
        if (prefix.isEmpty() && given) {
            // The user typed it: say what a valid one looks like, not where an MLflow server keeps artifacts.
            throw MlopsException.input(STORAGE_URI + ": '" + UrlSanitizer.sanitize(uri) + "' is not an object-store,"
                            + " PVC or web location KServe can download",
                    "give the model directory as a URI such as s3://bucket/models/fraud/1/ or"
                            + " pvc://claim/models/fraud/1/ (accepted: " + String.join(" ", ACCEPTED_PREFIXES) + ")");
        }
        if (prefix.isEmpty()) {
            throw MlopsException.input("storage URI: '" + UrlSanitizer.sanitize(uri) + "' (model " + model
                            + ") is not an object-store, PVC or web location KServe can download",
                    "the MLflow server stores artifacts on its own disk; use an artifact root such as s3://bucket/path,"
                            + " or pass " + STORAGE_URI + " (accepted: " + String.join(" ", ACCEPTED_PREFIXES) + ")");
        }
        if (uri.length() == prefix.get().length()) {
            throw MlopsException.input("storage URI: '" + UrlSanitizer.sanitize(uri) + "' (model " + model + ") names no bucket or path",
                    "the location must name the model directory, e.g. s3://bucket/models/fraud/1/");
        }
        return new StorageUri(uri);
    }

    /** A location the user gave directly ({@code --storage-uri}); same rules as {@link #forKServe}. */
    public static StorageUri given(String location) {
        return check(location, Optional.empty(), "given with " + STORAGE_URI, true);
    }

    /**
     * {@code mlflow-artifacts:/<path>} and {@code mlflow-artifacts://host:port/<path>} both name
     * {@code <destination>/<path>} on a server started with {@code --artifacts-destination <destination>}.
     */
    private static String mapProxied(String uri, String destination) {
        String rest = uri.substring(MLFLOW_ARTIFACTS.length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        String path = rest.replaceFirst("^/+", "");
        String base = destination.strip().replaceFirst("/+$", "");
        return path.isEmpty() ? base : base + "/" + path;
    }

    /**
     * The URI as written to {@code storageUri}: always ending in {@code /}, because KServe's MLflow runtime fails
     * to find the model when the directory URI lacks it (kserve/kserve#3899).
     */
    public String value() {
        return value.endsWith("/") ? value : value + "/";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorageUri other && other.value().equals(value());
    }

    @Override
    public int hashCode() {
        return value().hashCode();
    }

    @Override
    public String toString() {
        return value();
    }
}

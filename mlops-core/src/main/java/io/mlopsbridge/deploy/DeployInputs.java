package io.mlopsbridge.deploy;

import static io.mlopsbridge.deploy.DeployInputNames.ARTIFACTS_DESTINATION;
import static io.mlopsbridge.deploy.DeployInputNames.CANARY;
import static io.mlopsbridge.deploy.DeployInputNames.CLUSTER_TRACKING_URI;
import static io.mlopsbridge.deploy.DeployInputNames.DEPLOYMENT_MODE;
import static io.mlopsbridge.deploy.DeployInputNames.ENV_SECRET;
import static io.mlopsbridge.deploy.DeployInputNames.IMAGE;
import static io.mlopsbridge.deploy.DeployInputNames.IMAGE_SERVES_MODEL;
import static io.mlopsbridge.deploy.DeployInputNames.NAMESPACE;
import static io.mlopsbridge.deploy.DeployInputNames.REPLICAS;
import static io.mlopsbridge.deploy.DeployInputNames.SERVICE_ACCOUNT;
import static io.mlopsbridge.deploy.DeployInputNames.SMOKE_ENDPOINT;
import static io.mlopsbridge.deploy.DeployInputNames.STORAGE_URI;

import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.log.UrlSanitizer;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * The checks of a {@link DeployRequest} that need no remote call: names as Kubernetes validates them, requests within
 * limits, options that the target would ignore, and a tracking URI the target's pods can reach. They run before
 * anything is read or written, in every front end (the CLI and the Jenkins step both call {@link DeployModel}). The
 * checks of single values that do not depend on the target are public, for a front end to run as the value is given.
 */
public final class DeployInputs {
    private DeployInputs() {
    }

    /**
     * @param trackingUri the tracking URI this process uses; the {@code kubernetes} target's pods get it unless the
     *                    request names a cluster-reachable one
     */
    static void check(DeployRequest request, URI trackingUri) {
        if (request.namespace() != null) {
            KubernetesNames.requireNamespace(request.namespace(), NAMESPACE);
        }
        if (request.serviceName() != null) {
            new ServiceName(request.serviceName());
        }
        DeployRequest.ServingOptions serving = request.serving();
        if (serving.serviceAccount() != null) {
            KubernetesNames.requireObjectName("service account", serving.serviceAccount(), SERVICE_ACCOUNT);
        }
        if (serving.envSecret() != null) {
            KubernetesNames.requireObjectName("secret", serving.envSecret(), ENV_SECRET);
        }
        if (serving.replicas() < 1) {
            throw MlopsException.input("replicas: " + serving.replicas() + " is not a replica count",
                    "pass " + REPLICAS + " 1 or more");
        }
        serving.resources().requireRequestsWithinLimits();
        if (request.smokeEndpoint() != null) {
            requireSmokeEndpoint(request.smokeEndpoint());
        }
        refuseOptionsForOtherTargets(request);
        requireNoCredentialsIn(serving.clusterTrackingUri(), CLUSTER_TRACKING_URI,
                "remove them and give the pods MLflow's credentials in the Secret named by " + ENV_SECRET
                        + " (MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN)");
        if (request.storageUri() != null) {
            requireStorageUri(request.storageUri());
        }
        requireCanaryTheTargetCanSplit(request);
        if (request.target() == DeployTarget.KUBERNETES && serving.image() == null) {
            throw MlopsException.input("deploy: the kubernetes target needs an image",
                    "pass " + IMAGE + " with an image that has MLflow and the model's libraries");
        }
        if (serving.image() != null) {
            requireImage(serving.image());
        }
        if (request.target() == DeployTarget.KUBERNETES && !serving.imageServesModel()) {
            requireReachableFromPods(serving.clusterTrackingUri() != null
                    ? serving.clusterTrackingUri() : trackingUri.toString(), serving.clusterTrackingUri() != null);
        }
    }

    // The checks of one given value, whatever the target: check() runs them on a request, and a front end that takes
    // the value earlier (the Jenkins step, as it is bound) runs the same ones, so the refusal reads the same.

    /** The base URL the smoke test calls instead of the reported one: an http(s) URL without credentials. */
    public static void requireSmokeEndpoint(String endpoint) {
        if (HttpUrl.parse(endpoint) == null) {
            // Unchecked, it failed only when the smoke test built its first request, after the rollout was applied.
            throw MlopsException.input("deploy: " + SMOKE_ENDPOINT + " '" + UrlSanitizer.sanitize(endpoint)
                            + "' is not an http(s) URL",
                    "pass the service's base URL, e.g. https://fraud-detector.models"
                    + ".example.com, or leave it out to test the URL the cluster reports");
        }
        requireNoCredentialsIn(endpoint, SMOKE_ENDPOINT,
                "the smoke test sends no credentials; pass a URL that answers without them, such as an ingress"
                        + " open to the CI agent, or leave " + SMOKE_ENDPOINT + " out to test the URL the cluster"
                        + " reports");
    }

    /** The model directory KServe downloads instead of the registry's location: no credentials, a KServe scheme. */
    public static void requireStorageUri(String uri) {
        requireNoCredentialsIn(uri, STORAGE_URI,
                "KServe's storage initializer takes storage credentials from the serving pod's service account"
                        + " and the Secret attached to it; pass " + SERVICE_ACCOUNT + " with one that has them");
        StorageUri.given(uri);
    }

    /** The {@code kubernetes} target's container image: a reference in Docker's grammar, without a login. */
    public static void requireImage(String image) {
        ImageReference.require(image, IMAGE);
    }

    /** An option another target would use is refused rather than silently ignored. */
    private static void refuseOptionsForOtherTargets(DeployRequest request) {
        DeployRequest.ServingOptions serving = request.serving();
        List<String> ignored = new ArrayList<>();
        if (request.target() != DeployTarget.KUBERNETES) {
            addIf(ignored, serving.image() != null, IMAGE);
            addIf(ignored, serving.imageServesModel(), IMAGE_SERVES_MODEL);
            addIf(ignored, serving.replicas() != 1, REPLICAS);
            addIf(ignored, serving.envSecret() != null, ENV_SECRET);
            addIf(ignored, serving.clusterTrackingUri() != null, CLUSTER_TRACKING_URI);
        }
        if (request.target() != DeployTarget.KSERVE) {
            addIf(ignored, request.deploymentMode() != null, DEPLOYMENT_MODE);
            addIf(ignored, request.storageUri() != null, STORAGE_URI);
            addIf(ignored, request.artifactsDestination() != null, ARTIFACTS_DESTINATION);
        }
        if (request.target() == DeployTarget.LOCAL) {
            addIf(ignored, request.namespace() != null, NAMESPACE);
            addIf(ignored, serving.serviceAccount() != null, SERVICE_ACCOUNT);
            addIf(ignored, request.smokeEndpoint() != null, SMOKE_ENDPOINT);
        }
        if (!ignored.isEmpty()) {
            throw MlopsException.input("deploy: " + String.join(", ", ignored) + " do" + (ignored.size() == 1
                    ? "es" : "") + " not apply to the " + request.target().id() + " target",
                    "drop " + String.join(" and ", ignored) + ", or choose the target they belong to");
        }
    }

    /**
     * A canary share the target can give. Whether a KServe service runs in Knative mode (the only one that splits
     * traffic) is known only from the cluster; everything else is decided here, before the cluster is contacted.
     */
    private static void requireCanaryTheTargetCanSplit(DeployRequest request) {
        Integer canary = request.canaryPercent();
        if (canary == null) {
            return;
        }
        switch (request.target()) {
            case LOCAL -> throw MlopsException.input("canary: the local target serves one version only",
                    "drop " + CANARY);
            case KUBERNETES -> throw MlopsException.input("canary: the kubernetes target has no traffic splitting",
                    "drop " + CANARY + " for a rolling update, or deploy to KServe in Knative mode");
            case KSERVE -> {
                if (canary < 1 || canary > 99) {
                    throw MlopsException.input("canary: " + canary + " % must be between 1 and 99",
                            "pass " + CANARY + " 1 to 99, or omit it for a full rollout");
                }
                if (request.deploymentMode() == DeploymentMode.STANDARD) {
                    // The detected mode is checked again by the planner; a pinned one is known without the cluster.
                    throw MlopsException.input("canary: the deployment mode asked for, Standard (RawDeployment), has"
                                    + " no revisions to split traffic between",
                            "drop " + CANARY + " for a rolling update, or deploy in Knative (Serverless) mode");
                }
            }
        }
    }

    private static void addIf(List<String> options, boolean given, InputName option) {
        if (given) {
            options.add(option.toString());
        }
    }

    /**
     * These URIs are stored or shown whole: the cluster tracking URI in the pods' environment, the smoke endpoint in
     * the rollout record and the Jenkins step's handle, the storage URI in the InferenceService and the printed
     * manifests. A user name, password or token in them would be kept in the cluster and shown, so they are refused
     * rather than cleaned, and not repeated.
     */
    private static void requireNoCredentialsIn(String uri, InputName option, String hint) {
        if (UrlSanitizer.carriesCredentials(uri)) {
            throw MlopsException.input("deploy: " + option + " must not contain a user name or password or a"
                    + " credential parameter", hint);
        }
    }

    /** Pods resolve {@code localhost} to themselves: a loopback tracking URI would send them to an empty port. */
    private static void requireReachableFromPods(String uri, boolean given) {
        HttpUrl url = HttpUrl.parse(uri);
        if (url == null) {
            throw MlopsException.input("deploy: cluster tracking URI '" + UrlSanitizer.sanitize(uri)
                    + "' is not an http(s) URL",
                    "pass " + CLUSTER_TRACKING_URI + " such as http://mlflow.mlflow.svc:5000");
        }
        if (isLoopback(url.host())) {
            throw MlopsException.input("deploy: the kubernetes target's pods cannot reach the tracking URI "
                            + UrlSanitizer.sanitize(uri) + " (a loopback address names the pod itself)",
                    (given ? "pass a " + CLUSTER_TRACKING_URI : "pass " + CLUSTER_TRACKING_URI)
                            + " that pods can reach, e.g. http://mlflow.mlflow.svc.cluster.local:5000");
        }
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name: never resolved here, the pods' DNS decides
        }
        try {
            InetAddress address = InetAddress.getByName(h);
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

package io.mlopsbridge.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Kubernetes API server for tests: fabric8's mock server in CRUD mode with KServe's real InferenceService CRD
 * installed (so the status subresource and generations behave as in a cluster). Every InferenceService written
 * to it is validated against the CRD's schema; the API server's 422 is returned for an invalid one and the test
 * fails afterwards even if the code under test swallowed the error. There is no controller: tests set status
 * themselves with the helpers below, as KServe would.
 */
public final class KServeCluster implements BeforeEachCallback, AfterEachCallback {
    public static final String NAMESPACE = "models";
    /** The only bearer token this API server accepts; the kubeconfig it writes carries it. */
    public static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.deployer-sa-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ISVC_WRITE = Pattern.compile(
            "/apis/serving\\.kserve\\.io/v1beta1/namespaces/([^/]+)/inferenceservices(/[^/?]+)?(\\?.*)?");
    private static final Pattern WORKLOAD_WRITE = Pattern.compile(
            "/(apis/apps/v1/namespaces/[^/]+/deployments|api/v1/namespaces/[^/]+/services)(/[^/?]+)?(\\?.*)?");
    /** KServe's webhook: an InferenceService name is a DNS-1035 label. */
    private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static CrdSchema schema;
    /** The mock server logs every request at INFO; kept as a field so the level setting is not collected. */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");
    private static CustomResourceDefinition crd;

    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Integer> persistentFailures = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final List<JsonNode> writtenInferenceServices = new CopyOnWriteArrayList<>();
    /** Deployments and Services written, checked against the Kubernetes schemas when the test ends. */
    private final List<String> writtenWorkloads = new CopyOnWriteArrayList<>();
    private KubernetesMockServer server;
    private java.util.concurrent.ScheduledExecutorService controller;
    private KubernetesClient client;

    @Override
    public void beforeEach(ExtensionContext context) {
        loadCrd();
        Map<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>
                responses = new HashMap<>();
        Dispatcher validating = new ValidatingDispatcher(new KubernetesMixedDispatcher(responses));
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                validating, false);
        server.init();
        client = fixtureClient(server);
        client.apiextensions().v1().customResourceDefinitions().resource(crd)
                .createOr(NonDeletingOperation::update);
        writes.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (controller != null) {
            controller.shutdownNow();
        }
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (server != null) {
                server.destroy();
            }
        }
        if (!rejected.isEmpty()) {
            throw new AssertionError("InferenceService manifests rejected by the CRD schema:\n"
                    + String.join("\n", rejected));
        }
        if (!writtenWorkloads.isEmpty()) {
            List<String> violations = KubernetesSchema.violations(String.join("\n---\n", writtenWorkloads));
            if (!violations.isEmpty()) {
                throw new AssertionError("Deployments or Services rejected by the Kubernetes schema:\n"
                        + String.join("\n", violations));
            }
        }
    }

    /**
     * The client fixtures write with: authenticated like a deployer, with a long request timeout and no automatic
     * retries, so a slow answer on a busy machine is waited for instead of being re-sent as a second create.
     */
    private static KubernetesClient fixtureClient(KubernetesMockServer server) {
        try (KubernetesClient base = server.createClient()) {
            return new KubernetesClientBuilder().withConfig(new ConfigBuilder(base.getConfiguration())
                    .withOauthToken(TOKEN).withRequestRetryBackoffLimit(0).withRequestTimeout(120_000)
                    .withConnectionTimeout(60_000).build()).build();
        }
    }

    private static synchronized void loadCrd() {
        if (crd == null) {
            var file = SharedSpecs.file("kserve/serving.kserve.io_inferenceservices.yaml");
            schema = CrdSchema.load(file, "v1beta1");
            try (InputStream in = new FileInputStream(file.toFile())) {
                crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    static CrdSchema schema() {
        loadCrd();
        return schema;
    }

    public KubernetesClient client() {
        return client;
    }

    /** A kubeconfig-free connection, as a deployer would get it. */
    ClusterObjects objects() {
        return new ClusterObjects(client);
    }

    /** Access to this cluster through a kubeconfig file in {@code dir}, as a user would configure it. */
    ClusterAccess access(java.nio.file.Path dir) {
        return ClusterAccess.kubeconfig(kubeconfig(dir), null);
    }

    /** Writes a kubeconfig for this cluster (context namespace {@link #NAMESPACE}) into {@code dir}. */
    public java.nio.file.Path kubeconfig(java.nio.file.Path dir) {
        try {
            return java.nio.file.Files.writeString(dir.resolve("kubeconfig"), String.join("\n",
                    "apiVersion: v1", "kind: Config",
                    "clusters:", "- name: test", "  cluster: {server: \"" + client.getMasterUrl() + "\"}",
                    "users:", "- name: deployer", "  user: {token: \"" + TOKEN + "\"}",
                    "contexts:", "- name: test", "  context: {cluster: test, user: deployer, namespace: " + NAMESPACE + "}",
                    "current-context: test", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mutating requests (method and path) the code sent since the test started. */
    public List<String> writes() {
        return List.copyOf(writes);
    }

    /** Rejections so far, cleared: for the test that proves invalid manifests are rejected. */
    List<String> takeRejections() {
        List<String> taken = List.copyOf(rejected);
        rejected.clear();
        return taken;
    }

    /** The next {@code method} on {@code path} gets {@code code} from the API server, as a refusing webhook would. */
    void failNextWrite(String method, String path, int code) {
        failures.put(method + " " + path, code);
    }

    /** Every GET of {@code path} gets {@code code}, so the client's own retries fail too (an API server in trouble). */
    void failReads(String path, int code) {
        persistentFailures.put("GET " + path, code);
    }

    /** Every InferenceService body the code wrote, in order. */
    List<JsonNode> writtenInferenceServices() {
        return List.copyOf(writtenInferenceServices);
    }

    /** Makes the cluster serve Knative Serving's API, as a Knative install does. */
    KServeCluster withKnative() {
        CustomResourceDefinition knative = new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("services.serving.knative.dev").endMetadata()
                .withNewSpec().withGroup("serving.knative.dev").withScope("Namespaced")
                .withNewNames().withKind("Service").withPlural("services").withSingular("service").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build();
        client.apiextensions().v1().customResourceDefinitions().resource(knative)
                .createOr(NonDeletingOperation::update);
        writes.clear();
        return this;
    }

    /** Writes KServe's inferenceservice-config with this default mode ("Serverless", "RawDeployment", ...). */
    KServeCluster withDefaultDeploymentMode(String mode) {
        client.configMaps().inNamespace("kserve").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("inferenceservice-config").withNamespace("kserve").endMetadata()
                .addToData("deploy", "{\"defaultDeploymentMode\": \"" + mode + "\"}").build())
                .createOr(NonDeletingOperation::update);
        writes.clear();
        return this;
    }

    public Optional<ObjectNode> inferenceService(String name) {
        return objects().get(ObjectRef.inferenceService(NAMESPACE, name));
    }

    ObjectNode requireInferenceService(String name) {
        return inferenceService(name).orElseThrow(() -> new AssertionError("no InferenceService " + name));
    }

    /** Creates an InferenceService directly, as if an earlier deployment had made it, and clears the write log. */
    ObjectNode existing(ObjectNode manifest) {
        ObjectNode stored = objects().write(ObjectRef.inferenceService(NAMESPACE,
                manifest.path("metadata").path("name").asText()), manifest);
        writes.clear();
        writtenInferenceServices.clear();
        return stored;
    }

    /** What a simulated controller reports for a generation it has not seen yet. */
    public enum Outcome { READY, FAILED, NOTHING }

    /**
     * Plays KServe's controller in Standard mode: every 50 ms, an InferenceService whose current generation was
     * not yet observed gets the status {@code script} decides for it (e.g. failed when it serves version 4).
     * Starting it again replaces the previous script.
     */
    public void startController(String name, String url, java.util.function.Function<JsonNode, Outcome> script) {
        if (controller != null) {
            controller.shutdownNow();
            try {
                controller.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        controller = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        controller.scheduleWithFixedDelay(() -> {
            try {
                inferenceService(name).ifPresent(isvc -> {
                    if (isvc.at("/status/observedGeneration").asLong(0) == isvc.at("/metadata/generation").asLong()) {
                        return;
                    }
                    switch (script.apply(isvc)) {
                        case READY -> standardReady(name, url);
                        case FAILED -> failedRevision(name, "RawDeployment", "",
                                "ModuleNotFoundError: No module named 'xgboost'");
                        case NOTHING -> { }
                    }
                });
            } catch (RuntimeException e) {
                // A conflict with the deployer's own write: look again next time.
            }
        }, 0, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Replaces the status as KServe's controller would (status subresource). */
    void setStatus(String name, ObjectNode status) {
        var resource = client.genericKubernetesResources(InferenceServiceManifest.CONTEXT).inNamespace(NAMESPACE)
                .withName(name);
        GenericKubernetesResource current = resource.get();
        current.getAdditionalProperties().put("status", JSON.convertValue(status, Map.class));
        client.genericKubernetesResources(InferenceServiceManifest.CONTEXT).inNamespace(NAMESPACE)
                .resource(current).updateStatus();
        writes.removeIf(w -> w.contains("/status"));
    }

    private long generation(String name) {
        return requireInferenceService(name).path("metadata").path("generation").asLong();
    }

    /** Standard (raw Deployment) mode, all replicas of the current generation available. */
    void standardReady(String name) {
        standardReady(name, url(name));
    }

    /** Standard mode, ready, reachable at {@code url} (e.g. a fake model server). */
    void standardReady(String name, String url) {
        ObjectNode status = baseStatus(name, "RawDeployment", "True", null, null);
        status.put("url", url);
        setStatus(name, status);
    }

    /** Standard mode, ready, but reporting neither a URL nor an address (no ingress or Service yet). */
    void standardReadyWithoutUrl(String name) {
        ObjectNode status = baseStatus(name, "RawDeployment", "True", null, null);
        status.remove("url");
        status.remove("address");
        setStatus(name, status);
    }

    /** Knative mode: revision {@code revision} is ready and takes all traffic. */
    void knativeReady(String name, String revision) {
        ObjectNode status = baseStatus(name, "Serverless", "True", null, null);
        ObjectNode predictor = status.putObject("components").putObject("predictor");
        predictor.put("latestCreatedRevision", revision).put("latestReadyRevision", revision)
                .put("latestRolledoutRevision", revision).put("url", url(name));
        predictor.putArray("traffic").addObject().put("revisionName", revision).put("percent", 100)
                .put("latestRevision", true);
        setStatus(name, status);
    }

    /** Knative mode: the canary revision is ready with {@code percent}, the previous one keeps the rest. */
    void knativeCanaryReady(String name, String previous, String canary, int percent) {
        knativeCanaryReady(name, previous, canary, percent, "http://latest-" + name + "." + NAMESPACE + ".example.com");
    }

    /** As above, with the canary's tag-routing URL given (e.g. a fake model server). */
    void knativeCanaryReady(String name, String previous, String canary, int percent, String canaryUrl) {
        ObjectNode status = baseStatus(name, "Serverless", "True", null, null);
        ObjectNode predictor = status.putObject("components").putObject("predictor");
        predictor.put("latestCreatedRevision", canary).put("latestReadyRevision", canary)
                .put("latestRolledoutRevision", previous).put("url", url(name));
        ArrayNode traffic = predictor.putArray("traffic");
        traffic.addObject().put("revisionName", previous).put("percent", 100 - percent).put("latestRevision", false)
                .put("tag", "prev").put("url", "http://prev-" + name + "." + NAMESPACE + ".example.com");
        traffic.addObject().put("revisionName", canary).put("percent", percent).put("latestRevision", true)
                .put("tag", "latest").put("url", canaryUrl);
        setStatus(name, status);
    }

    /** The controller has seen the current spec but the new revision is still starting. */
    void notReady(String name, String mode, String reason, String message) {
        setStatus(name, baseStatus(name, mode, "False", reason, message));
    }

    /** The new revision failed: the model server could not load the model. */
    void failedRevision(String name, String mode, String revision, String message) {
        ObjectNode status = baseStatus(name, mode, "False", "RevisionFailed", message);
        status.withArray("conditions").addObject().put("type", "PredictorReady").put("status", "False")
                .put("reason", "RevisionFailed").put("message", "Revision \"" + revision + "\" failed with message: "
                        + message);
        ObjectNode modelStatus = status.putObject("modelStatus");
        modelStatus.put("transitionStatus", "BlockedByFailedLoad");
        modelStatus.putObject("lastFailureInfo").put("reason", "ModelLoadFailed").put("message", message);
        setStatus(name, status);
    }

    private ObjectNode baseStatus(String name, String mode, String ready, String reason, String message) {
        ObjectNode status = JSON.createObjectNode();
        status.put("observedGeneration", generation(name));
        status.put("deploymentMode", mode);
        if ("True".equals(ready)) {
            status.put("url", url(name));
            status.putObject("address").put("url", "http://" + name + "-predictor." + NAMESPACE
                    + ".svc.cluster.local");
        }
        ObjectNode condition = status.putArray("conditions").addObject().put("type", "Ready").put("status", ready)
                .put("lastTransitionTime", "2026-08-21T10:00:00Z");
        if (reason != null) {
            condition.put("reason", reason).put("message", message);
        }
        return status;
    }

    static String url(String name) {
        return "http://" + name + "." + NAMESPACE + ".example.com";
    }

    /** Validates InferenceService writes against the CRD before the CRUD store sees them, as admission would. */
    private final class ValidatingDispatcher extends Dispatcher {
        private final Dispatcher delegate;

        ValidatingDispatcher(Dispatcher delegate) {
            this.delegate = delegate;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String method = request.getMethod();
            String path = request.getPath();
            if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
                return new MockResponse().setResponseCode(401).setBody(JSON.createObjectNode()
                        .put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                        .put("reason", "Unauthorized").put("code", 401).put("message", "Unauthorized").toString());
            }
            if (!method.equals("GET")) {
                writes.add(method + " " + path);
            }
            Integer failure = failures.remove(method + " " + path);
            if (failure == null) {
                failure = persistentFailures.get(method + " " + path);
            }
            if (failure != null) {
                return new MockResponse().setResponseCode(failure).setBody(JSON.createObjectNode()
                        .put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                        .put("reason", "Forbidden").put("code", failure)
                        .put("message", "admission webhook denied the request").toString());
            }
            if ((method.equals("POST") || method.equals("PUT")) && WORKLOAD_WRITE.matcher(path).matches()) {
                writtenWorkloads.add(new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            java.util.regex.Matcher isvcWrite = ISVC_WRITE.matcher(path);
            if ((method.equals("POST") || method.equals("PUT")) && isvcWrite.matches()) {
                try {
                    JsonNode body = JSON.readTree(request.getBody().getBytes());
                    writtenInferenceServices.add(body);
                    List<String> violations = new java.util.ArrayList<>(schema.violations(body));
                    violations.addAll(metadataViolations(body.path("metadata"), isvcWrite.group(1)));
                    if (!violations.isEmpty()) {
                        rejected.add(method + " " + path + ": " + violations);
                        return new MockResponse().setResponseCode(422).setBody(JSON.createObjectNode()
                                .put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                                .put("reason", "Invalid").put("code", 422)
                                .put("message", "InferenceService.serving.kserve.io \""
                                        + body.path("metadata").path("name").asText() + "\" is invalid: "
                                        + String.join("; ", violations)).toString());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return delegate.dispatch(request);
        }

        /** What the API server and KServe's webhook check beyond the schema: the namespace and the name rule. */
        private static List<String> metadataViolations(JsonNode metadata, String pathNamespace) {
            List<String> violations = new java.util.ArrayList<>();
            String namespace = metadata.path("namespace").asText(pathNamespace);
            if (!namespace.equals(pathNamespace)) {
                violations.add("metadata.namespace: '" + namespace + "' does not match the request's namespace '"
                        + pathNamespace + "'");
            }
            String name = metadata.path("name").asText("");
            if (name.length() > 63 || !DNS_1035.matcher(name).matches()) {
                violations.add("metadata.name: '" + name + "' is not a DNS-1035 label");
            }
            return violations;
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }
    }
}

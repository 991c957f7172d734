package io.mlopsbridge.kfp.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mlopsbridge.kfp.RunState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Kubeflow Pipelines API server for tests. Every request and every response is checked against the official
 * v2beta1 swagger ({@link SwaggerContract}); a request the spec does not allow is answered 400 like the real server
 * would and fails the test in {@code afterEach}. On top of the spec it enforces what the real server does: unknown
 * JSON fields rejected, {@code display_name} required, uploads named .yaml/.yml with {@code schemaVersion 2.1.0},
 * runtime parameters type-checked at CreateRun, namespaces in multi-user mode, and bearer tokens when auth is on.
 * Runs move through a {@link RunScript}; faults (429/503 storms, a restart) can be injected.
 *
 * <p>Use with {@code @RegisterExtension final FakeKfpServer kfp = new FakeKfpServer();}.
 */
public final class FakeKfpServer implements BeforeEachCallback, AfterEachCallback {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final SwaggerContract CONTRACT = SwaggerContract.load();

    /** A request as received, for assertions. */
    public record Call(String operationId, String method, String path, String query, String authorization, String body) {
    }

    private record Fault(int status, Integer retryAfterSeconds) {
    }

    private volatile int answersToLose;
    /** Operations whose answers wait until {@link #releaseHeld()}: a server that acted but has not answered yet. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    /** Operations whose requests wait until {@link #releaseHeld()} before the server acts on them. */
    private final Set<String> heldBeforeActing = ConcurrentHashMap.newKeySet();
    private volatile java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    /** Operations whose first requests wait for each other before the server acts on any of them. */
    private final Map<String, java.util.concurrent.CountDownLatch> races = new ConcurrentHashMap<>();
    /** Only bounds a hang when fewer racers come than announced; a race that happens never waits this long. */
    private static final Duration RACE_WAIT = Duration.ofSeconds(60);

    private record Reply(int status, JsonNode body, Integer retryAfterSeconds) {
        static Reply ok(JsonNode body) {
            return new Reply(200, body, null);
        }
    }

    private final int threads;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong runSequence = new AtomicLong();
    private final Map<String, FakePipeline> pipelines = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> experiments = new ConcurrentHashMap<>();
    private final Map<String, FakeRun> runs = new ConcurrentHashMap<>();
    private volatile boolean multiUser;
    private volatile boolean expectViolations;
    private volatile String requiredToken;
    private volatile RunScript script = RunScript.succeeds();
    private volatile RunScript retryScript = RunScript.of(RunState.RUNNING, RunState.SUCCEEDED);
    private volatile MlflowPluginSimulation mlflowPlugin;
    private volatile java.util.function.Consumer<Map<String, Object>> onSuccess = p -> { };
    private HttpServer server;
    private ExecutorService executor;
    private int port;

    public FakeKfpServer() {
        this(4);
    }

    /** {@code threads} serve requests; a benchmark with many waits wants more. */
    public FakeKfpServer(int threads) {
        this.threads = threads;
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
        if (!expectViolations && !violations.isEmpty()) {
            throw new AssertionError("requests or responses the KFP swagger does not allow:\n  "
                    + String.join("\n  ", violations));
        }
    }

    public synchronized void start() {
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fake-kfp");
            t.setDaemon(true);
            return t;
        });
        bind(port);
    }

    public synchronized void stop() {
        releaseHeld();
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Stops answering (connections refused) for {@code downtime}, then comes back on the same port with its data. */
    public void restartFor(Duration downtime) {
        synchronized (this) {
            server.stop(0);
            server = null;
        }
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(downtime.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                bind(port);
            }
        }, "fake-kfp-restart");
        t.setDaemon(true);
        t.start();
    }

    private void bind(int wanted) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 200);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the fake KFP server to port " + wanted, e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    // ---- configuration --------------------------------------------------------------------------------------

    public FakeKfpServer multiUser(boolean on) {
        multiUser = on;
        return this;
    }

    /** Requires {@code Authorization: Bearer token}; calling it again rotates the token (the old one stops working). */
    public FakeKfpServer requireToken(String token) {
        requiredToken = token;
        return this;
    }

    public FakeKfpServer runsFollow(RunScript newScript) {
        script = Objects.requireNonNull(newScript);
        return this;
    }

    public FakeKfpServer retriedRunsFollow(RunScript newScript) {
        retryScript = Objects.requireNonNull(newScript);
        return this;
    }

    public FakeKfpServer withMlflowPlugin(MlflowPluginSimulation plugin) {
        mlflowPlugin = plugin;
        return this;
    }

    /**
     * What the pipeline's components do when a run succeeds, given the run's runtime parameters; e.g. log metrics to
     * the MLflow run passed as {@code mlflow_run_id}, as {@code examples/fraud-detection/pipeline.py} does.
     */
    public FakeKfpServer whenRunSucceeds(java.util.function.Consumer<Map<String, Object>> components) {
        onSuccess = Objects.requireNonNull(components);
        return this;
    }

    /** The next {@code count} requests get {@code status} (429, 503, …) with an optional Retry-After. */
    public synchronized void failNext(int count, int status, Integer retryAfterSeconds) {
        for (int i = 0; i < count; i++) {
            faults.add(new Fault(status, retryAfterSeconds));
        }
    }

    /**
     * The next {@code count} requests are carried out, but their answers are replaced by a 502, as when a proxy
     * times out after the server acted.
     */
    public synchronized void loseNextAnswers(int count) {
        answersToLose = count;
    }

    /**
     * Requests of {@code operationId} are carried out, but their answers are held back until {@link #releaseHeld()}
     * (or the server stops): an answer still in flight when the client gives up or is cancelled.
     */
    public FakeKfpServer holdAnswers(String operationId) {
        held.add(operationId);
        return this;
    }

    /**
     * Requests of {@code operationId} wait until {@link #releaseHeld()} (or the server stops) before the server acts
     * on them: a request on its way that has not reached the server yet.
     */
    public FakeKfpServer holdRequests(String operationId) {
        heldBeforeActing.add(operationId);
        return this;
    }

    /**
     * The first {@code racers} requests of {@code operationId} each wait until all of them have arrived, then the
     * server acts on them: clients that all decided to create the same thing before any of them did.
     */
    public FakeKfpServer race(String operationId, int racers) {
        races.put(operationId, new java.util.concurrent.CountDownLatch(racers));
        return this;
    }

    /** Sends every held answer, and answers from now on at once. */
    public void releaseHeld() {
        held.clear();
        heldBeforeActing.clear();
        release.countDown();
        release = new java.util.concurrent.CountDownLatch(1);
    }

    /** For the test that proves the validator can fail: violations are then only recorded. */
    public void expectViolations() {
        expectViolations = true;
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<Call> calls(String operationId) {
        return calls().stream().filter(c -> operationId.equals(c.operationId())).toList();
    }

    public Optional<RunState> runState(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(r -> {
            synchronized (r) { // written under the run's lock by the server's threads
                return r.state;
            }
        });
    }

    /** When a timed run ends (or ended). */
    public Instant timedRunEnd(String runId) {
        FakeRun run = runs.get(runId);
        return run.createdAt.plus(run.duration);
    }

    /** How many requests the server answered. */
    public int callCount() {
        return calls.size();
    }

    /** Forgets recorded calls (long benchmarks). */
    public void clearCalls() {
        calls.clear();
    }

    public int pipelineVersionCount(String pipelineName) {
        return pipelines.values().stream().filter(p -> p.name.equals(pipelineName)).mapToInt(p -> p.versions.size())
                .sum();
    }

    // ---- HTTP -----------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            SwaggerContract.Request request = new SwaggerContract.Request(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), headers, body);
            Optional<SwaggerContract.Match> match = CONTRACT.match(request.method(), request.rawPath());
            calls.add(new Call(match.map(m -> m.operation().id()).orElse(null), request.method(), request.rawPath(),
                    request.rawQuery(), request.header("authorization"), new String(body, StandardCharsets.UTF_8)));

            List<String> problems = new ArrayList<>(CONTRACT.checkRequest(request));
            Map<String, List<String>> query = SwaggerContract.parseQuery(request.rawQuery());
            if (query.containsKey("filter")) {
                problems.addAll(checkFilter(query.get("filter").get(0)));
            }
            Reply reply;
            if (!problems.isEmpty()) {
                violations.addAll(problems);
                reply = error(400, 3, "spec violation: " + String.join("; ", problems));
            } else {
                match.map(m -> races.get(m.operation().id())).ifPresent(FakeKfpServer::awaitRacers);
                if (match.isPresent() && heldBeforeActing.contains(match.get().operation().id())) {
                    awaitRelease();
                }
                reply = fault().orElseGet(() -> authFailure(request)
                        .orElseGet(() -> dispatch(match.get(), query, request)));
                if (takeLostAnswer()) {
                    reply = error(502, 14, "upstream request timeout");
                }
            }
            if (match.isPresent() && held.contains(match.get().operation().id())) {
                awaitRelease();
            }
            byte[] out = JSON.writeValueAsBytes(reply.body());
            if (match.isPresent()) {
                List<String> bad = CONTRACT.checkResponse(match.get().operation(), reply.status(), out);
                violations.addAll(bad.stream().map(b -> "fake server bug: " + b).toList());
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (reply.retryAfterSeconds() != null) {
                exchange.getResponseHeaders().add("Retry-After", String.valueOf(reply.retryAfterSeconds()));
            }
            exchange.sendResponseHeaders(reply.status(), out.length);
            exchange.getResponseBody().write(out);
        } catch (RuntimeException e) {
            violations.add("fake server crashed: " + e);
            throw e;
        }
    }

    private static void awaitRacers(java.util.concurrent.CountDownLatch racers) {
        racers.countDown();
        try {
            racers.await(RACE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitRelease() {
        java.util.concurrent.CountDownLatch latch = release;
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized boolean takeLostAnswer() {
        if (answersToLose == 0) {
            return false;
        }
        answersToLose--;
        return true;
    }

    private List<String> checkFilter(String text) {
        try {
            return CONTRACT.checkDefinition("v2beta1Filter", JSON.readTree(text), "query filter");
        } catch (IOException e) {
            return List.of("query filter is not JSON: " + e.getMessage());
        }
    }

    private synchronized Optional<Reply> fault() {
        Fault f = faults.poll();
        if (f == null) {
            return Optional.empty();
        }
        int code = f.status() == 429 ? 8 : 14; // RESOURCE_EXHAUSTED, UNAVAILABLE
        Reply e = error(f.status(), code, f.status() == 429 ? "too many requests" : "upstream connect error");
        return Optional.of(new Reply(e.status(), e.body(), f.retryAfterSeconds()));
    }

    private Optional<Reply> authFailure(SwaggerContract.Request request) {
        String token = requiredToken;
        if (token == null) {
            return Optional.empty();
        }
        String header = request.header("authorization");
        if (header == null) {
            return Optional.of(error(401, 16, "Unauthenticated: Request header error: there is no user identity header."));
        }
        if (!header.equals("Bearer " + token)) {
            return Optional.of(error(401, 16, "Unauthenticated: Failed to authenticate token review"));
        }
        return Optional.empty();
    }

    private Reply dispatch(SwaggerContract.Match match, Map<String, List<String>> query, SwaggerContract.Request request) {
        Map<String, String> path = match.pathParams();
        return switch (match.operation().id()) {
            case "HealthzService_GetHealthz" -> Reply.ok(JSON.createObjectNode().put("multi_user", multiUser)
                    .put("pipeline_store", "database"));
            case "PipelineService_GetPipelineByName" -> pipelineByName(path.get("name"), first(query, "namespace"));
            case "UploadPipeline" -> uploadPipeline(query, request);
            case "UploadPipelineVersion" -> uploadVersion(query, request);
            case "PipelineService_ListPipelineVersions" -> listVersions(path.get("pipeline_id"), query);
            case "PipelineService_GetPipelineVersion" -> getVersion(path.get("pipeline_id"),
                    path.get("pipeline_version_id"));
            case "ExperimentService_ListExperiments" -> listExperiments(query);
            case "ExperimentService_CreateExperiment" -> createExperiment(json(request));
            case "RunService_CreateRun" -> createRun(json(request));
            case "RunService_GetRun" -> getRun(path.get("run_id"));
            case "RunService_ListRuns" -> listRuns(query);
            case "RunService_TerminateRun" -> terminate(path.get("run_id"));
            case "RunService_RetryRun" -> retry(path.get("run_id"));
            default -> error(501, 12, match.operation().id() + " is not simulated by the fake server");
        };
    }

    // ---- pipelines ------------------------------------------------------------------------------------------

    private static final class FakePipeline {
        final String id;
        final String name;
        final String namespace;
        final String createdAt = now();
        final List<ObjectNode> versions = new CopyOnWriteArrayList<>();
        final Map<String, JsonNode> specs = new ConcurrentHashMap<>();

        FakePipeline(String id, String name, String namespace) {
            this.id = id;
            this.name = name;
            this.namespace = namespace;
        }

        ObjectNode json() {
            ObjectNode n = JSON.createObjectNode().put("pipeline_id", id).put("name", name).put("display_name", name)
                    .put("created_at", createdAt);
            if (namespace != null) {
                n.put("namespace", namespace);
            }
            return n;
        }
    }

    private Reply pipelineByName(String name, String namespace) {
        return pipelines.values().stream()
                .filter(p -> p.name.equals(name) && Objects.equals(p.namespace, namespace))
                .findFirst().map(p -> Reply.ok(p.json()))
                .orElseGet(() -> error(404, 5, "Failed to get pipeline by name: pipeline " + name + " not found"));
    }

    private synchronized Reply uploadPipeline(Map<String, List<String>> query, SwaggerContract.Request request) {
        Object parsed = readUpload(request);
        if (parsed instanceof Reply bad) {
            return bad;
        }
        JsonNode spec = (JsonNode) parsed;
        String name = Optional.ofNullable(first(query, "name")).orElse(spec.path("pipelineInfo").path("name").asText());
        String namespace = first(query, "namespace");
        boolean exists = pipelines.values().stream().anyMatch(p -> p.name.equals(name)
                && Objects.equals(p.namespace, namespace));
        if (exists) {
            // What the upload handler answers on a duplicate name: 409 and a fixed message (pipeline_upload_server.go).
            return error(409, 6, "Failed to create a pipeline and a pipeline version");
        }
        FakePipeline p = new FakePipeline(newId(), name, namespace);
        pipelines.put(p.id, p);
        addVersion(p, name, spec); // the server names the first version after the pipeline
        return Reply.ok(p.json());
    }

    private synchronized Reply uploadVersion(Map<String, List<String>> query, SwaggerContract.Request request) {
        String pipelineId = first(query, "pipelineid");
        if (pipelineId == null) {
            return error(400, 3, "Failed to create a pipeline version: pipeline id is required");
        }
        FakePipeline p = pipelines.get(pipelineId);
        if (p == null) {
            return error(404, 5, "Failed to create a pipeline version: pipeline " + pipelineId + " not found");
        }
        Object parsed = readUpload(request);
        if (parsed instanceof Reply bad) {
            return bad;
        }
        String name = Optional.ofNullable(first(query, "name")).orElse(((JsonNode) parsed).path("pipelineInfo")
                .path("name").asText());
        if (p.versions.stream().anyMatch(v -> v.path("name").asText().equals(name))) {
            return error(409, 6, "Failed to create a pipeline version");
        }
        return Reply.ok(addVersion(p, name, (JsonNode) parsed));
    }

    private ObjectNode addVersion(FakePipeline p, String name, JsonNode spec) {
        ObjectNode v = JSON.createObjectNode().put("pipeline_id", p.id).put("pipeline_version_id", newId())
                .put("name", name).put("display_name", name).put("created_at", now());
        p.versions.add(v);
        p.specs.put(v.get("pipeline_version_id").asText(), spec);
        return v;
    }

    /** The upload handler's checks ({@code ReadPipelineFile}, {@code NewV2SpecTemplate}). */
    private Object readUpload(SwaggerContract.Request request) {
        Multipart.Part file = Multipart.parse(request.header("content-type"), request.body()).stream()
                .filter(part -> "uploadfile".equals(part.name())).findFirst().orElseThrow();
        String lower = file.filename().toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".yaml") && !lower.endsWith(".yml")) {
            return error(400, 3, "Unexpected pipeline file format. Support .zip, .tar.gz, .json or YAML");
        }
        List<JsonNode> docs = new ArrayList<>();
        try {
            YAML.readerFor(JsonNode.class).readValues(file.content()).forEachRemaining(d -> docs.add((JsonNode) d));
        } catch (IOException | RuntimeException e) {
            return error(400, 3, "Failed to parse the pipeline spec: " + e.getMessage());
        }
        List<JsonNode> specs = docs.stream().filter(d -> d.has("pipelineInfo") || d.has("root")).toList();
        if (specs.size() != 1) {
            return error(400, 3, "Invalid pipeline spec: expected exactly one PipelineSpec document");
        }
        JsonNode spec = specs.get(0);
        if (!"2.1.0".equals(spec.path("schemaVersion").asText())) {
            return error(400, 3, "KFP only supports schema version 2.1.0");
        }
        if (spec.path("pipelineInfo").path("name").asText().isEmpty()) {
            return error(400, 3, "pipeline name is empty");
        }
        return spec;
    }

    private Reply listVersions(String pipelineId, Map<String, List<String>> query) {
        FakePipeline p = pipelines.get(pipelineId);
        if (p == null) {
            return error(404, 5, "pipeline " + pipelineId + " not found");
        }
        ArrayNode list = JSON.createArrayNode();
        p.versions.stream().filter(v -> matches(v, first(query, "filter"))).forEach(list::add);
        ObjectNode out = JSON.createObjectNode();
        if (!list.isEmpty()) {
            out.set("pipeline_versions", list);
        }
        return Reply.ok(out.put("total_size", list.size()));
    }

    private Reply getVersion(String pipelineId, String versionId) {
        FakePipeline p = pipelines.get(pipelineId);
        Optional<ObjectNode> v = p == null ? Optional.empty() : p.versions.stream()
                .filter(x -> x.path("pipeline_version_id").asText().equals(versionId)).findFirst();
        if (v.isEmpty()) {
            return error(404, 5, "pipeline version " + versionId + " not found");
        }
        ObjectNode out = v.get().deepCopy();
        out.set("pipeline_spec", p.specs.get(versionId));
        return Reply.ok(out);
    }

    // ---- experiments ----------------------------------------------------------------------------------------

    private Reply listExperiments(Map<String, List<String>> query) {
        String namespace = first(query, "namespace");
        if (multiUser && namespace == null) {
            return error(400, 3, "Invalid input error: In multi-user mode, ListExperiment requires a namespace");
        }
        ArrayNode list = JSON.createArrayNode();
        experiments.values().stream()
                .filter(e -> namespace == null || namespace.equals(e.path("namespace").asText(null)))
                .filter(e -> matches(e, first(query, "filter"))).forEach(list::add);
        ObjectNode out = JSON.createObjectNode();
        if (!list.isEmpty()) {
            out.set("experiments", list);
        }
        return Reply.ok(out.put("total_size", list.size()));
    }

    private synchronized Reply createExperiment(JsonNode body) {
        String name = body.path("display_name").asText("");
        if (name.isEmpty()) {
            return error(400, 3, "Invalid input error: Experiment name is empty. Please specify a valid experiment name");
        }
        String namespace = body.path("namespace").asText("");
        if (multiUser && namespace.isEmpty()) {
            return error(400, 3, "Invalid input error: In multi-user mode, experiment namespace cannot be empty");
        }
        boolean exists = experiments.values().stream().anyMatch(e -> e.path("display_name").asText().equals(name)
                && e.path("namespace").asText("").equals(namespace));
        if (exists) {
            return error(409, 6, "Failed to create a new experiment: " + name + " already exists");
        }
        ObjectNode e = JSON.createObjectNode().put("experiment_id", newId()).put("display_name", name)
                .put("created_at", now()).put("storage_state", "AVAILABLE");
        if (!namespace.isEmpty()) {
            e.put("namespace", namespace);
        }
        if (body.hasNonNull("description")) {
            e.put("description", body.get("description").asText());
        }
        experiments.put(e.get("experiment_id").asText(), e);
        return Reply.ok(e);
    }

    // ---- runs -----------------------------------------------------------------------------------------------

    private final class FakeRun {
        final ObjectNode created;
        final Instant createdAt = Instant.now();
        /** Creation order, for listing: timestamps of runs created in the same instant tie. */
        final long sequence = runSequence.incrementAndGet();
        final Duration duration;
        final String id;
        final List<ObjectNode> history = new ArrayList<>();
        RunScript plan;
        int step;
        RunState state;
        String rootRunId;
        ObjectNode pluginsOutput;

        FakeRun(ObjectNode created, RunScript plan) {
            this.created = created;
            this.id = created.get("run_id").asText();
            this.plan = plan;
            this.duration = plan.runFor() == null ? null : plan.drawDuration();
            moveTo(plan.at(0));
        }

        void moveTo(RunState next) {
            if (next == state) {
                return;
            }
            state = next;
            ObjectNode h = JSON.createObjectNode().put("update_time", now()).put("state", next.name());
            if (next == RunState.FAILED && plan.errorMessage() != null) {
                h.set("error", JSON.createObjectNode().put("code", 2).put("message", plan.errorMessage()));
            }
            history.add(h);
            if (next == RunState.SUCCEEDED) {
                JsonNode params = created.path("runtime_config").path("parameters");
                onSuccess.accept(params.isObject() ? JSON.convertValue(params, Map.class) : Map.of());
            }
            if (next.isFinal() && mlflowPlugin != null && rootRunId != null) {
                mlflowPlugin.finish(rootRunId, next);
                pluginsOutput.withObject("mlflow").put("state",
                        next == RunState.SUCCEEDED ? "PLUGIN_SUCCEEDED" : "PLUGIN_FAILED");
            }
        }

        synchronized void advance() {
            if (state.isFinal()) {
                return;
            }
            if (state == RunState.CANCELING) {
                moveTo(RunState.CANCELED);
                return;
            }
            if (plan.runFor() != null) {
                boolean done = !Instant.now().isBefore(createdAt.plus(duration));
                moveTo(done ? RunState.SUCCEEDED : RunState.RUNNING);
                return;
            }
            step++;
            moveTo(plan.at(step));
        }

        synchronized ObjectNode json() {
            ObjectNode r = created.deepCopy();
            r.put("state", state.name());
            ArrayNode h = r.putArray("state_history");
            history.forEach(h::add);
            if (state.isFinal()) {
                r.put("finished_at", history.get(history.size() - 1).get("update_time").asText());
            }
            if (state == RunState.FAILED && plan.errorMessage() != null) {
                r.set("error", JSON.createObjectNode().put("code", 2).put("message", plan.errorMessage()));
            }
            ArrayNode tasks = JSON.createArrayNode();
            taskStates().forEach((name, s) -> {
                ObjectNode t = JSON.createObjectNode().put("run_id", id).put("task_id", id + "-" + name)
                        .put("display_name", name).put("state", s.name()).put("pod_name", name + "-pod")
                        .put("create_time", created.get("created_at").asText());
                if (s == RunState.FAILED && plan.errorMessage() != null) {
                    t.set("error", JSON.createObjectNode().put("code", 2).put("message", plan.errorMessage()));
                }
                tasks.add(t);
            });
            if (!tasks.isEmpty()) {
                r.putObject("run_details").put("pipeline_context_id", "101").put("pipeline_run_context_id", "102")
                        .set("task_details", tasks);
            }
            if (pluginsOutput != null) {
                r.set("plugins_output", pluginsOutput);
            }
            return r;
        }

        /** prepare-data runs on the first RUNNING step, train-model after it; final states end both. */
        private Map<String, RunState> taskStates() {
            Map<String, RunState> tasks = new LinkedHashMap<>();
            int runningSteps = 0;
            for (int i = 0; i <= Math.min(step, plan.states().size() - 1); i++) {
                runningSteps += plan.states().get(i) == RunState.RUNNING ? 1 : 0;
            }
            switch (state) {
                case PENDING, RUNTIME_STATE_UNSPECIFIED -> { }
                case RUNNING -> {
                    tasks.put("prepare-data", runningSteps <= 1 ? RunState.RUNNING : RunState.SUCCEEDED);
                    if (runningSteps > 1) {
                        tasks.put("train-model", RunState.RUNNING);
                    }
                }
                case SUCCEEDED, SKIPPED -> {
                    tasks.put("prepare-data", state);
                    tasks.put("train-model", state);
                }
                default -> { // FAILED, CANCELING, CANCELED, PAUSED
                    tasks.put("prepare-data", RunState.SUCCEEDED);
                    tasks.put("train-model", state);
                }
            }
            return tasks;
        }
    }

    private synchronized Reply createRun(JsonNode body) {
        if (body.path("display_name").asText("").isEmpty()) {
            return error(400, 3, "Invalid input error: The run name is empty. Please specify a valid name");
        }
        boolean inline = body.hasNonNull("pipeline_spec");
        boolean ref = body.hasNonNull("pipeline_version_reference");
        if (inline == ref) {
            return error(400, 3, "Invalid input error: exactly one of pipeline_spec and pipeline_version_reference");
        }
        String experimentId = body.path("experiment_id").asText("");
        ObjectNode experiment = experimentId.isEmpty() ? null : experiments.get(experimentId);
        if (!experimentId.isEmpty() && experiment == null) {
            return error(404, 5, "Failed to create a run: experiment " + experimentId + " not found");
        }
        if (multiUser && (experiment == null || experiment.path("namespace").asText("").isEmpty())) {
            return error(400, 3, "Invalid input error: A run cannot have an empty namespace");
        }
        JsonNode spec = body.get("pipeline_spec");
        ObjectNode reference = JSON.createObjectNode();
        if (ref) {
            String pipelineId = body.path("pipeline_version_reference").path("pipeline_id").asText("");
            FakePipeline p = pipelines.get(pipelineId);
            if (p == null) {
                return error(404, 5, "Failed to create a run: pipeline " + pipelineId + " not found");
            }
            String versionId = body.path("pipeline_version_reference").path("pipeline_version_id")
                    .asText(p.versions.get(p.versions.size() - 1).get("pipeline_version_id").asText());
            spec = p.specs.get(versionId);
            if (spec == null) {
                return error(404, 5, "Failed to create a run: pipeline version " + versionId + " not found");
            }
            reference.put("pipeline_id", pipelineId).put("pipeline_version_id", versionId);
        }
        JsonNode parameters = body.path("runtime_config").path("parameters");
        Optional<String> invalid = checkParameters(spec, parameters);
        if (invalid.isPresent()) {
            return error(400, 3, "Invalid input error: invalid pipeline job inputs: " + invalid.get());
        }
        String id = UUID.randomUUID().toString();
        ObjectNode created = JSON.createObjectNode().put("run_id", id)
                .put("display_name", body.get("display_name").asText())
                .put("experiment_id", experimentId.isEmpty() ? "default-experiment" : experimentId)
                .put("storage_state", "AVAILABLE").put("created_at", now()).put("scheduled_at", now());
        if (body.hasNonNull("description")) {
            created.put("description", body.get("description").asText());
        }
        if (ref) {
            created.set("pipeline_version_reference", reference);
        }
        if (body.has("runtime_config")) {
            created.set("runtime_config", body.get("runtime_config"));
        }
        if (body.has("plugins_input")) {
            created.set("plugins_input", body.get("plugins_input"));
        }
        FakeRun run = new FakeRun(created, script);
        JsonNode mlflowInput = body.path("plugins_input").path("mlflow");
        if (mlflowPlugin != null && mlflowInput.isObject() && !mlflowInput.path("disabled").asBoolean(false)) {
            String experimentName = mlflowInput.path("experiment_name").asText("Default");
            Map<String, Object> params = JSON.convertValue(parameters.isObject() ? parameters
                    : JSON.createObjectNode(), Map.class);
            MlflowPluginSimulation.Started started = mlflowPlugin.start(experimentName, id, params);
            run.rootRunId = started.rootRunId();
            ObjectNode entries = JSON.createObjectNode();
            entries.putObject("experiment_name").put("value", started.experimentName());
            entries.putObject("experiment_id").put("value", started.experimentId());
            entries.putObject("root_run_id").put("value", started.rootRunId());
            entries.putObject("run_url").put("value", started.runUrl()).put("render_type", "URL");
            run.pluginsOutput = JSON.createObjectNode();
            run.pluginsOutput.putObject("mlflow").put("state", "PLUGIN_RUNNING").set("entries", entries);
        }
        runs.put(id, run);
        return Reply.ok(run.json());
    }

    /** The API server's CreateRun check of runtime parameters against {@code root.inputDefinitions} (PR #9228). */
    private static Optional<String> checkParameters(JsonNode spec, JsonNode given) {
        JsonNode declared = spec.path("root").path("inputDefinitions").path("parameters");
        for (Iterator<String> it = given.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!declared.has(name)) {
                return Optional.of("parameter " + name + " is not declared by the pipeline");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> d = it.next();
            JsonNode value = given.get(d.getKey());
            if (value == null) {
                if (!d.getValue().has("defaultValue") && !d.getValue().path("isOptional").asBoolean(false)) {
                    return Optional.of("parameter " + d.getKey() + " is required");
                }
                continue;
            }
            boolean ok = switch (d.getValue().path("parameterType").asText()) {
                case "STRING" -> value.isTextual();
                case "NUMBER_INTEGER", "NUMBER_DOUBLE" -> value.isNumber();
                case "BOOLEAN" -> value.isBoolean();
                case "LIST" -> value.isArray();
                case "STRUCT" -> value.isObject();
                default -> true;
            };
            if (!ok) {
                return Optional.of("parameter " + d.getKey() + " has the wrong type");
            }
        }
        return Optional.empty();
    }

    private Reply getRun(String runId) {
        FakeRun run = runs.get(runId);
        if (run == null) {
            return error(404, 5, "Failed to get run: run " + runId + " not found");
        }
        synchronized (run) {
            boolean timed = run.plan.runFor() != null;
            if (timed) {
                run.advance();
            }
            ObjectNode seen = run.json();
            if (!timed) {
                run.advance(); // the next GET sees the next step
            }
            return Reply.ok(seen);
        }
    }

    private Reply listRuns(Map<String, List<String>> query) {
        String experimentId = first(query, "experiment_id");
        if (multiUser && experimentId == null && first(query, "namespace") == null) {
            return error(400, 3, "Invalid input error: ListRuns must filter by resource reference in multi-user mode");
        }
        // Like the API server: oldest first unless sort_by says "created_at desc"; pages of page_size with a
        // next_page_token (here simply the offset of the next page).
        Comparator<FakeRun> byCreation = Comparator.comparingLong(r -> r.sequence);
        if ("created_at desc".equals(first(query, "sort_by"))) {
            byCreation = byCreation.reversed();
        }
        List<ObjectNode> matching = runs.values().stream().sorted(byCreation).map(FakeRun::json)
                .filter(r -> experimentId == null || experimentId.equals(r.path("experiment_id").asText()))
                .filter(r -> matches(r, first(query, "filter"))).toList();
        int offset = Optional.ofNullable(first(query, "page_token")).map(Integer::parseInt).orElse(0);
        int pageSize = Optional.ofNullable(first(query, "page_size")).map(Integer::parseInt).filter(n -> n > 0)
                .orElse(matching.size());
        int end = Math.min(matching.size(), offset + pageSize);
        ArrayNode list = JSON.createArrayNode();
        matching.subList(Math.min(offset, end), end).forEach(list::add);
        ObjectNode out = JSON.createObjectNode();
        if (!list.isEmpty()) {
            out.set("runs", list);
        }
        if (end < matching.size()) {
            out.put("next_page_token", String.valueOf(end));
        }
        return Reply.ok(out.put("total_size", matching.size()));
    }

    private Reply terminate(String runId) {
        FakeRun run = runs.get(runId);
        if (run == null) {
            return error(404, 5, "Failed to terminate run: run " + runId + " not found");
        }
        synchronized (run) {
            if (!run.state.isFinal()) {
                run.moveTo(RunState.CANCELING);
            }
        }
        return Reply.ok(JSON.createObjectNode());
    }

    private Reply retry(String runId) {
        FakeRun run = runs.get(runId);
        if (run == null) {
            return error(404, 5, "Failed to retry run: run " + runId + " not found");
        }
        synchronized (run) {
            if (run.state != RunState.FAILED && run.state != RunState.CANCELED) {
                return error(400, 9, "Failed to retry run: run " + runId + " is " + run.state
                        + "; only failed or canceled runs can be retried");
            }
            run.plan = retryScript;
            run.step = 0;
            run.moveTo(retryScript.at(0));
        }
        return Reply.ok(JSON.createObjectNode());
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** Applies EQUALS predicates of a {@code v2beta1Filter}; other operations are not simulated. */
    private static boolean matches(JsonNode item, String filter) {
        if (filter == null) {
            return true;
        }
        try {
            for (JsonNode p : JSON.readTree(filter).path("predicates")) {
                String op = p.path("operation").asText();
                if (!op.equals("EQUALS") && !op.equals("1")) {
                    throw new IllegalArgumentException("the fake server only simulates EQUALS filters");
                }
                if (!item.path(p.path("key").asText()).asText().equals(p.path("string_value").asText())) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(SwaggerContract.Request request) {
        try {
            return JSON.readTree(request.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Reply error(int status, int code, String message) {
        return new Reply(status, JSON.createObjectNode().put("code", code).put("message", message), null);
    }

    private String newId() {
        return UUID.nameUUIDFromBytes(("kfp-" + ids.incrementAndGet() + "-" + port).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static String now() {
        return Instant.now().toString();
    }
}

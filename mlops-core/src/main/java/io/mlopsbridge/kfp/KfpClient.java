package io.mlopsbridge.kfp;

import static io.mlopsbridge.kfp.KfpInputNames.KUBEFLOW_CREDENTIALS;
import static io.mlopsbridge.kfp.KfpInputNames.KUBEFLOW_URL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlopsbridge.core.Cancellation;
import io.mlopsbridge.core.InputName;
import io.mlopsbridge.core.MlopsException;
import io.mlopsbridge.http.ConnectionFailure;
import io.mlopsbridge.http.Credentials;
import io.mlopsbridge.http.HttpStack;
import io.mlopsbridge.http.Idempotency;
import io.mlopsbridge.http.RetryAfter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Typed client for the Kubeflow Pipelines v2beta1 REST API (KFP has no Java SDK). Every call has connect and read
 * timeouts and retries per {@link io.mlopsbridge.http.HttpSettings}; errors become {@link MlopsException} carrying
 * the server's gRPC code name ({@code NOT_FOUND}, {@code INVALID_ARGUMENT}, …) and message.
 */
public final class KfpClient {
    private static final String API = "apis/v2beta1";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final MediaType YAML = MediaType.get("application/x-yaml");
    /** The server's maximum; fewer round trips when looking a name up. */
    private static final int PAGE_SIZE = 100;
    /** google.rpc.Code names by number, as grpc-gateway puts them in error bodies. */
    private static final List<String> GRPC_CODES = List.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
            "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
            "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE",
            "DATA_LOSS", "UNAUTHENTICATED");

    private final KfpConfig config;
    private final OkHttpClient http;

    public KfpClient(KfpConfig config) {
        this(config, HttpStack.client(config.http(), config.credentials()));
    }

    private KfpClient(KfpConfig config, OkHttpClient http) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = http;
    }

    /** This client with its calls tied to {@code cancellation} (see {@link HttpStack#cancellable}). */
    public KfpClient cancelledBy(Cancellation cancellation) {
        return new KfpClient(config, HttpStack.cancellable(http, cancellation));
    }

    public KfpConfig config() {
        return config;
    }

    /**
     * A client that tries each call once. Waits poll with it, so that retries are scheduled by the wait rather than
     * slept on a shared thread.
     */
    public KfpClient forPolling() {
        return new KfpClient(config.withHttp(config.http().withMaxAttempts(1)));
    }

    // ---- health -------------------------------------------------------------------------------------------

    /** {@code GET /healthz}; also tells whether the server is multi-user (runs then need a namespace). */
    public Healthz healthz() {
        return read(get(url("healthz")), Healthz.class, "health check");
    }

    // ---- pipelines ----------------------------------------------------------------------------------------

    /** {@code GET /pipelines/names/{name}}; empty when there is no pipeline of that name. */
    public Optional<KfpPipeline> findPipeline(String name) {
        HttpUrl.Builder url = url("pipelines", "names", name);
        config.namespaceIfSet().ifPresent(ns -> url.addQueryParameter("namespace", ns));
        Reply reply = send(get(url), "find pipeline '" + name + "'");
        if (reply.status() == 404) {
            return Optional.empty();
        }
        String what = "find pipeline '" + name + "'";
        return Optional.of(parse(check(reply, what), KfpPipeline.class, what));
    }

    /**
     * {@code POST /pipelines/upload}: creates the pipeline and its first version, which the server names after the
     * pipeline.
     */
    public KfpPipeline uploadPipeline(String name, PipelineSpecFile file, String description) {
        HttpUrl.Builder url = url("pipelines", "upload").addQueryParameter("name", name)
                .addQueryParameter("display_name", name);
        optional(url, "description", description);
        config.namespaceIfSet().ifPresent(ns -> url.addQueryParameter("namespace", ns));
        return read(upload(url, file), KfpPipeline.class, "upload pipeline '" + name + "'");
    }

    /** {@code POST /pipelines/upload_version}: adds a version named {@code versionName} to a pipeline. */
    public KfpPipelineVersion uploadPipelineVersion(String pipelineId, String versionName, PipelineSpecFile file,
                                                    String description) {
        HttpUrl.Builder url = url("pipelines", "upload_version").addQueryParameter("name", versionName)
                .addQueryParameter("display_name", versionName).addQueryParameter("pipelineid", pipelineId);
        optional(url, "description", description);
        return read(upload(url, file), KfpPipelineVersion.class, "upload pipeline version '" + versionName + "'");
    }

    /** Looks a version of a pipeline up by its name. */
    public Optional<KfpPipelineVersion> findPipelineVersion(String pipelineId, String versionName) {
        HttpUrl.Builder url = url("pipelines", pipelineId, "versions")
                .addQueryParameter("filter", equalsFilter("name", versionName))
                .addQueryParameter("page_size", String.valueOf(PAGE_SIZE));
        JsonNode page = read(get(url), JsonNode.class, "list versions of pipeline " + pipelineId);
        for (JsonNode v : page.path("pipeline_versions")) {
            KfpPipelineVersion version = KfpJson.MAPPER.convertValue(v, KfpPipelineVersion.class);
            if (versionName.equals(version.name())) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    /** {@code GET /pipelines/{id}/versions/{version_id}}, including the compiled {@code pipeline_spec}. */
    public KfpPipelineVersion getPipelineVersion(String pipelineId, String versionId) {
        return read(get(url("pipelines", pipelineId, "versions", versionId)), KfpPipelineVersion.class,
                "get pipeline version " + versionId);
    }

    // ---- experiments --------------------------------------------------------------------------------------

    public Optional<KfpExperiment> findExperiment(String name) {
        HttpUrl.Builder url = url("experiments")
                .addQueryParameter("filter", equalsFilter("display_name", name))
                .addQueryParameter("page_size", String.valueOf(PAGE_SIZE));
        config.namespaceIfSet().ifPresent(ns -> url.addQueryParameter("namespace", ns));
        JsonNode page = read(get(url), JsonNode.class, "list experiments");
        for (JsonNode e : page.path("experiments")) {
            KfpExperiment experiment = KfpJson.MAPPER.convertValue(e, KfpExperiment.class);
            if (name.equals(experiment.displayName())) {
                return Optional.of(experiment);
            }
        }
        return Optional.empty();
    }

    /** {@code POST /experiments} in the configured namespace. */
    public KfpExperiment createExperiment(String name, String description) {
        ObjectNode body = KfpJson.MAPPER.createObjectNode().put("display_name", name);
        if (description != null) {
            body.put("description", description);
        }
        config.namespaceIfSet().ifPresent(ns -> body.put("namespace", ns));
        return read(post(url("experiments"), body), KfpExperiment.class, "create experiment '" + name + "'");
    }

    public KfpExperiment findOrCreateExperiment(String name) {
        return findExperiment(name).orElseGet(() -> createExperiment(name, null));
    }

    // ---- runs ---------------------------------------------------------------------------------------------

    /** {@code POST /runs}. Not retried after an ambiguous failure; see {@link #findRun(String, String, String)}. */
    public KfpRun createRun(RunRequest run) {
        return read(post(url("runs"), KfpJson.MAPPER.valueToTree(run)), KfpRun.class,
                "create run '" + run.displayName() + "'");
    }

    /** {@code GET /runs/{id}}. */
    public KfpRun getRun(String runId) {
        return read(get(url("runs", runId)), KfpRun.class, "get run " + runId);
    }

    /** One page of runs of an experiment, newest first. */
    public RunPage listRuns(String experimentId, String pageToken, int pageSize) {
        HttpUrl.Builder url = url("runs").addQueryParameter("page_size", String.valueOf(pageSize))
                .addQueryParameter("sort_by", "created_at desc");
        optional(url, "experiment_id", experimentId);
        optional(url, "page_token", pageToken);
        if (experimentId == null) {
            config.namespaceIfSet().ifPresent(ns -> url.addQueryParameter("namespace", ns));
        }
        return read(get(url), RunPage.class, "list runs");
    }

    /**
     * Finds the run of an experiment with this display name and this description (which carries a request-unique
     * token): how a create whose answer was lost is recovered. Every page of runs with that name is searched, since
     * earlier builds of the same release share the name.
     */
    public Optional<KfpRun> findRun(String experimentId, String displayName, String description) {
        String pageToken = null;
        do {
            HttpUrl.Builder url = url("runs").addQueryParameter("experiment_id", experimentId)
                    .addQueryParameter("filter", equalsFilter("display_name", displayName))
                    .addQueryParameter("sort_by", "created_at desc")
                    .addQueryParameter("page_size", String.valueOf(PAGE_SIZE));
            optional(url, "page_token", pageToken);
            RunPage page = read(get(url), RunPage.class, "find run '" + displayName + "'");
            Optional<KfpRun> found = page.runs().stream().filter(r -> displayName.equals(r.displayName())
                    && Objects.equals(description, r.description())).findFirst();
            if (found.isPresent()) {
                return found;
            }
            pageToken = page.nextPageToken();
        } while (pageToken != null);
        return Optional.empty();
    }

    /** {@code POST /runs/{id}:terminate}: the run goes CANCELING, then CANCELED. */
    public void terminateRun(String runId) {
        Request request = new Request.Builder().url(url("runs", runId + ":terminate").build())
                .post(RequestBody.create(new byte[0])).tag(Idempotency.class, Idempotency.REPEATABLE).build();
        check(send(request, "terminate run " + runId), "terminate run " + runId);
    }

    /** {@code POST /runs/{id}:retry}: re-runs the failed tasks of a FAILED run. */
    public void retryRun(String runId) {
        Request request = new Request.Builder().url(url("runs", runId + ":retry").build())
                .post(RequestBody.create(new byte[0])).build();
        check(send(request, "retry run " + runId), "retry run " + runId);
    }

    /** One look at a run for a wait: transport failures and retryable statuses come back instead of throwing. */
    RunPoll pollRun(String runId) {
        Request request = get(url("runs", runId));
        Reply reply;
        try {
            reply = exchange(request);
        } catch (IOException e) {
            return new RunPoll(null, null, List.of(), 0,
                    "cannot reach " + config.apiUrl().host() + ": " + ConnectionFailure.reason(e),
                    Optional.empty());
        }
        if (reply.status() / 100 == 2) {
            String what = "get run " + runId;
            // Read once, as a tree: the run from it, and what the server wrote of its states. A state newer than
            // RunState (the run's or a task's) reads as UNKNOWN; people are shown what the server said instead.
            // Task states come in the order of run_details.task_details.
            JsonNode written = tree(reply, what);
            KfpRun run = bind(written, KfpRun.class, what);
            JsonNode tasks = written.path("run_details").path("task_details");
            List<KfpRun.TaskDetail> details = run.runDetails().taskDetails();
            List<String> taskStateTexts = IntStream.range(0, details.size())
                    .mapToObj(i -> stateText(tasks.path(i).path("state"), details.get(i).state())).toList();
            return new RunPoll(run, stateText(written.path("state"), run.state()), taskStateTexts, reply.status(),
                    null, Optional.empty());
        }
        return new RunPoll(null, null, List.of(), reply.status(), "HTTP " + reply.status()
                + errorMessage(reply).map(m -> " " + m).orElse(""), reply.retryAfter());
    }

    /** A state as the server wrote it when that is a state's name, not text that could forge log lines. */
    private static String stateText(JsonNode written, RunState read) {
        String text = written.asText("");
        return STATE_NAME.matcher(text).matches() ? text : read.name();
    }

    private static final Pattern STATE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    /**
     * What {@link #pollRun} saw: a run and its state and its tasks' states (in the order of its task details) as
     * the server wrote them, or a status and reason; status 0 means no answer at all.
     */
    record RunPoll(KfpRun run, String stateText, List<String> taskStateTexts, int status, String reason,
                   Optional<Duration> retryAfter) {
        /** Worth asking again: no answer, throttled, a server error, or a token being rotated. */
        boolean transientFailure() {
            return run == null && (status == 0 || status == 401 || status == 408 || status == 429
                    || (status >= 500 && status != 501));
        }

        MlopsException error(String what) {
            return MlopsException.remote("KFP " + what + " failed: " + reason, null, "HTTP " + status, null);
        }
    }

    // ---- plumbing -----------------------------------------------------------------------------------------

    private HttpUrl.Builder url(String... segments) {
        HttpUrl.Builder b = config.apiUrl().newBuilder().addPathSegments(API);
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b;
    }

    private static void optional(HttpUrl.Builder url, String name, String value) {
        if (value != null && !value.isBlank()) {
            url.addQueryParameter(name, value);
        }
    }

    private static String equalsFilter(String key, String value) {
        ObjectNode predicate = KfpJson.MAPPER.createObjectNode().put("operation", "EQUALS").put("key", key)
                .put("string_value", value);
        ObjectNode filter = KfpJson.MAPPER.createObjectNode();
        filter.putArray("predicates").add(predicate);
        return filter.toString();
    }

    private static Request get(HttpUrl.Builder url) {
        return new Request.Builder().url(url.build()).get().build();
    }

    private static Request post(HttpUrl.Builder url, JsonNode body) {
        return new Request.Builder().url(url.build())
                .post(RequestBody.create(body.toString(), JSON)).build();
    }

    private Request upload(HttpUrl.Builder url, PipelineSpecFile file) {
        MultipartBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("uploadfile", file.uploadFileName(), RequestBody.create(file.content(), YAML))
                .build();
        return new Request.Builder().url(url.build()).post(body).build();
    }

    private <T> T read(Request request, Class<T> type, String what) {
        return parse(check(send(request, what), what), type, what);
    }

    private Reply send(Request request, String what) {
        try {
            return exchange(request);
        } catch (IOException e) {
            throw MlopsException.remote("KFP " + what + ": cannot reach " + config.displayUrl() + ": "
                    + ConnectionFailure.reason(e),
                    "check the KFP URL and that the API server is up", "IO", e);
        }
    }

    private Reply exchange(Request request) throws IOException {
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            return new Reply(response.code(), text, response.header("Content-Type", ""), RetryAfter.of(response));
        }
    }

    private Reply check(Reply reply, String what) {
        if (reply.status() / 100 == 2) {
            return reply;
        }
        String code = errorCode(reply).orElse("HTTP " + reply.status());
        String message = errorMessage(reply).orElse("HTTP " + reply.status());
        throw MlopsException.remote("KFP " + what + " failed: " + message, hint(reply.status()), code, null);
    }

    private String hint(int status) {
        return switch (status) {
            case 401 -> config.credentials() instanceof Credentials.None
                    ? "no token was sent (none is configured) but this server requires one: give a service-account"
                            + " token with audience pipelines.kubeflow.org" + InputName.wording(
                                    ", as the secret text credential " + KUBEFLOW_CREDENTIALS.parameter(),
                                    ", in $KFP_TOKEN or as a token file re-read on every request"
                                            + " ($KF_PIPELINES_SA_TOKEN_PATH, as the KFP SDK reads it)")
                    : "the token was refused: pass a valid service-account token (audience pipelines.kubeflow.org)";
            case 403 -> "the token's service account needs the kubeflow-edit role"
                    + config.namespaceIfSet().map(ns -> " in namespace " + ns).orElse(" in your profile namespace");
            case 404 -> "check the KFP URL (it must reach /apis/v2beta1) and the names used";
            default -> null;
        };
    }

    private <T> T parse(Reply reply, Class<T> type, String what) {
        return bind(tree(reply, what), type, what);
    }

    /** The answer's JSON; an HTML page or text that is not JSON is a remote error naming the call and server. */
    private JsonNode tree(Reply reply, String what) {
        if (reply.isHtml()) {
            // Kubeflow's dex / oauth2-proxy answer a request without their session with a login page, often 200.
            throw MlopsException.remote(answered(what) + "an HTML page ("
                    + (reply.contentType().isBlank() ? "no content type" : reply.contentType())
                    + "), not the KFP API's JSON",
                    "an authentication proxy's login page answers so: point " + KUBEFLOW_URL + " at the KFP API"
                            + " itself (in the cluster http://ml-pipeline-ui.kubeflow or ml-pipeline.kubeflow:8888)"
                            + " or give a service-account token the proxy accepts with "
                            + InputName.wording(KUBEFLOW_CREDENTIALS.parameter(),
                                    KUBEFLOW_CREDENTIALS.option() + " or $KFP_TOKEN"),
                    "BAD_RESPONSE", null);
        }
        try {
            return KfpJson.MAPPER.readTree(reply.body().isBlank() ? "{}" : reply.body());
        } catch (JsonProcessingException e) {
            throw unreadable(what, e);
        }
    }

    /** The answer's JSON as {@code type}; JSON of another shape is a remote error naming the call and server. */
    private <T> T bind(JsonNode tree, Class<T> type, String what) {
        try {
            return KfpJson.MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw unreadable(what, e);
        }
    }

    private MlopsException unreadable(String what, JsonProcessingException e) {
        return MlopsException.remote(answered(what) + "unreadable JSON: " + shortReason(e),
                "check that the URL points at the KFP API server", "BAD_RESPONSE", e);
    }

    private String answered(String what) {
        return "KFP " + what + ": " + config.displayUrl() + " answered with ";
    }

    /** Jackson's reason in one line, without the "(start marker at [Source: …])" location it appends. */
    private static String shortReason(JsonProcessingException e) {
        String reason = e.getOriginalMessage().lines().findFirst().orElse("");
        int source = reason.indexOf("[Source:");
        if (source >= 0) {
            reason = reason.substring(0, source).replaceAll("\\s*\\([^()]*$", "");
        }
        return reason.strip();
    }

    private static Optional<JsonNode> jsonObject(Reply reply) {
        try {
            JsonNode node = KfpJson.MAPPER.readTree(reply.body());
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> errorMessage(Reply reply) {
        Optional<String> fromJson = jsonObject(reply).map(n -> n.path("message").asText("")).filter(s -> !s.isBlank());
        if (fromJson.isPresent()) {
            return fromJson;
        }
        String text = reply.body().strip();
        return text.isEmpty() || text.length() > 300 ? Optional.empty() : Optional.of(text.lines().findFirst().orElse(""));
    }

    private static Optional<String> errorCode(Reply reply) {
        return jsonObject(reply).map(n -> n.path("code")).filter(JsonNode::isInt).map(JsonNode::asInt)
                .filter(c -> c > 0 && c < GRPC_CODES.size()).map(GRPC_CODES::get);
    }


    private record Reply(int status, String body, String contentType, Optional<Duration> retryAfter) {
        /** A web page, not an API answer: said by its content type, or by its first character when it has none. */
        boolean isHtml() {
            return contentType.toLowerCase(java.util.Locale.ROOT).contains("html")
                    || body.stripLeading().startsWith("<");
        }
    }

    @Override
    public String toString() {
        return "KfpClient[" + config.displayUrl() + ", " + config.credentials() + "]";
    }
}
